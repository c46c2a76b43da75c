import type { SchedulePeriodRule } from './schedule-period';

/**
 * A schedule period's columns as a raw statement returns them (numbers may come back as strings);
 * `frequency` is null in a left join's row without a period, which callers skip.
 */
export interface PeriodRow {
  frequency: number | null;
  exceptions: number;
  days: number;
  start_minute: number;
  end_minute: number;
  on_time: string | null;
  off_time: string | null;
}

export const periodRuleOf = (row: PeriodRow): SchedulePeriodRule => ({
  frequency: Number(row.frequency),
  exceptions: Number(row.exceptions),
  days: Number(row.days),
  startMinute: Number(row.start_minute),
  endMinute: Number(row.end_minute),
  onTime: row.on_time,
  offTime: row.off_time,
});
