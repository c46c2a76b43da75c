import { Injectable } from '@nestjs/common';
import { type DenialReason, denialReason, readsHolidays, type UserRights } from './access-decision';
import { type AreaFacts, AccessRulesRepository } from './access-rules.repository';
import { type HolidayCalendar, relevantDays, type SiteTime, siteTime } from './schedule/schedule-evaluator';

const NO_RIGHTS: UserRights = { linked: false, periods: [] };

/** Whether a user may enter areas now: their access groups and schedules, the areas' states. */
@Injectable()
export class AreaRights {
  constructor(private readonly rules: AccessRulesRepository) {}

  /** For each area, in order: why the user may not enter it at `now`, or null when they may. */
  async reasons(
    tenantId: string,
    userId: string,
    areas: readonly AreaFacts[],
    now: Date,
  ): Promise<(DenialReason | null)[]> {
    const rights = await this.rules.rightsOf(
      tenantId,
      userId,
      areas.map((area) => area.id),
    );
    const calendars = new Map<string, Promise<HolidayCalendar>>(); // one read per site at most
    const calendarOf = (area: AreaFacts, at: SiteTime | undefined) => {
      const read = calendars.get(area.siteId) ?? this.rules.holidays(tenantId, area.siteId, relevantDays(at));
      calendars.set(area.siteId, read);
      return read;
    };
    const reasons: (DenialReason | null)[] = [];
    for (const area of areas) {
      const own = rights.get(area.id) ?? NO_RIGHTS;
      const at = siteTime(now, area.timeZone);
      const holidays =
        own.linked && readsHolidays(own.periods) ? await calendarOf(area, at) : new Map<string, number>();
      reasons.push(denialReason({ ...own, state: area.state, holidays }, at));
    }
    return reasons;
  }
}
