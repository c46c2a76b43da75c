import { Module } from '@nestjs/common';
import { MobileAuthModule } from '../mobile-auth/mobile-auth.module';
import { SiteModelModule } from '../site-model/site-model.module';
import { AccessControlController } from './access-control.controller';
import { AccessDecisionsRepository } from './access-decisions.repository';
import { AccessEvents } from './access-events';
import { AccessRulesRepository } from './access-rules.repository';
import { AreaRights } from './area-rights.service';
import { AreaStates } from './area-states.service';
import { Clock } from './clock';
import { ControlledAreaSchedulesController } from './controlled-area-schedules.controller';
import { ControlledAreaSchedulesService } from './controlled-area-schedules.service';
import { GeolocationAccessController } from './geolocation-access.controller';
import { GeolocationAccessService } from './geolocation-access.service';
import { MobileReadsController } from './mobile-reads.controller';
import { MobileReadsRepository } from './mobile-reads.repository';
import { UnlockRateLimitGuard } from './unlock-rate-limit.guard';
import { ZoneControlController } from './zone-control.controller';
import { ZoneControlRepository } from './zone-control.repository';
import { ZoneControlService } from './zone-control.service';

/** The access decision engine and the mobile routes that use it. */
@Module({
  imports: [MobileAuthModule, SiteModelModule],
  controllers: [
    GeolocationAccessController,
    ZoneControlController,
    MobileReadsController,
    ControlledAreaSchedulesController,
    AccessControlController,
  ],
  providers: [
    Clock,
    AccessEvents,
    AccessRulesRepository,
    AccessDecisionsRepository,
    AreaRights,
    AreaStates,
    GeolocationAccessService,
    ZoneControlRepository,
    ZoneControlService,
    UnlockRateLimitGuard,
    MobileReadsRepository,
    ControlledAreaSchedulesService,
  ],
})
export class AccessModule {}
