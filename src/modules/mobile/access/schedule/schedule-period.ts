/**
 * A schedule period as the decision reads it (site-model's SchedulePeriodEntity): the daily window
 * `startMinute`..`endMinute` (minutes after local midnight; `end <= start` runs past midnight into the
 * next day, equal values a full 24 hours), on the days the masks allow, while the site's wall clock is
 * within `onTime` (inclusive) .. `offTime` (exclusive), local `YYYY-MM-DD HH:mm:ss`, null = unbounded.
 */
export interface SchedulePeriodRule {
  frequency: number;
  exceptions: number;
  days: number;
  startMinute: number;
  endMinute: number;
  onTime: string | null;
  offTime: string | null;
}
