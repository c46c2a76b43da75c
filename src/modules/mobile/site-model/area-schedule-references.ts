import { Injectable } from '@nestjs/common';
import { AREAS, SCHEDULES, SiteModelStore } from './site-model.store';

/**
 * The pointers of a controlled-area schedule link (access module) at its schedule and area: like an
 * access group's, a +1 on each row in the link's transaction, so the area and the schedule cannot be
 * deleted or moved while the link stands, and a link racing a delete meets it on the row (one wins).
 */
@Injectable()
export class AreaScheduleReferences {
  constructor(private readonly store: SiteModelStore) {}

  /**
   * Points a new link at the area (on `siteId`, the schedule's site) and the schedule: what is missing
   * (deleted or moved meanwhile: the caller fails and its transaction rolls back), or null.
   */
  async take(
    tenantId: string,
    scheduleId: number,
    areaId: string,
    siteId: string,
  ): Promise<'area' | 'schedule' | null> {
    // The schedule's row first: links to one schedule queue there, never each holding an area the other wants.
    if (!(await this.store.referenceOne(SCHEDULES, tenantId, scheduleId, siteId))) return 'schedule';
    if (!(await this.store.referenceOne(AREAS, tenantId, areaId, siteId))) return 'area';
    return null;
  }

  /** A removed link stops pointing at its area and schedule. */
  async release(tenantId: string, scheduleId: number, areaId: string): Promise<void> {
    await this.store.release(AREAS, tenantId, [areaId]);
    await this.store.release(SCHEDULES, tenantId, [scheduleId]);
  }
}
