import { Module } from '@nestjs/common';

/** The site model (sites, holidays, areas, beacons, schedules, access groups) and its management API. */
@Module({})
export class SiteModelModule {}
