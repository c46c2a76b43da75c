import { Injectable } from '@nestjs/common';
import { type AreaFacts, AccessRulesRepository } from './access-rules.repository';
import { readsHolidays } from './access-decision';
import { scheduledState } from './schedule-action';
import { relevantDays, siteTime } from './schedule/schedule-evaluator';
import { effectiveState, type EffectiveState, ZoneState } from './zone-state';

/** The state an area is in at a given time: stored state, controlled-area schedules, momentary unlock. */
@Injectable()
export class AreaStates {
  constructor(private readonly rules: AccessRulesRepository) {}

  async at(tenantId: string, area: AreaFacts, now: Date): Promise<EffectiveState> {
    if (area.state !== ZoneState.NORMAL || area.toggle === 'T') return effectiveState(area, now);
    const links = await this.rules.scheduleLinksOf(tenantId, area.id);
    const periods = links.flatMap((link) => link.periods);
    const at = siteTime(now, area.timeZone);
    const holidays = readsHolidays(periods)
      ? await this.rules.holidays(tenantId, area.siteId, relevantDays(at))
      : new Map<string, number>();
    return effectiveState({ ...area, scheduled: scheduledState(links, at, holidays) }, now);
  }
}
