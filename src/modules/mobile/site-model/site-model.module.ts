import { Module } from '@nestjs/common';
import { AccessGroupsController } from './access-groups.controller';
import { AccessGroupsService } from './access-groups.service';
import { AreaScheduleReferences } from './area-schedule-references';
import { BeaconsController } from './beacons.controller';
import { BeaconsService } from './beacons.service';
import { ControlledAreasController } from './controlled-areas.controller';
import { ControlledAreasService } from './controlled-areas.service';
import { MembershipsService } from './memberships.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';
import { SiteModelStore } from './site-model.store';
import { SitesController } from './sites.controller';
import { SitesService } from './sites.service';

/**
 * The site model (sites, holidays, areas, beacons, schedules, access groups) and its management API.
 * Exports MembershipsService (the mobile-users API writes memberships through it) and
 * AreaScheduleReferences (controlled-area schedule links point at areas and schedules through it).
 */
@Module({
  controllers: [
    SitesController,
    ControlledAreasController,
    BeaconsController,
    SchedulesController,
    AccessGroupsController,
  ],
  providers: [
    SiteModelStore,
    SitesService,
    ControlledAreasService,
    BeaconsService,
    SchedulesService,
    AccessGroupsService,
    MembershipsService,
    AreaScheduleReferences,
  ],
  exports: [MembershipsService, AreaScheduleReferences],
})
export class SiteModelModule {}
