import type { SchedulePeriodResponse } from './dto/mobile-reads.response';

/** What Primis answers for a period with no start or expiry date. */
export const NO_DATE_TIME = '1900-01-01 00:00:00.0';

export interface PeriodRow {
  id: number;
  frequency: number;
  exceptions: number;
  days: number;
  start_minute: number;
  end_minute: number;
  on_time: string | null;
  off_time: string | null;
}

/** A stored wall time (`YYYY-MM-DD HH:mm:ss`) as Primis writes it, with its tenth of a second. */
const primisTime = (value: string | null): string => (value === null ? NO_DATE_TIME : `${value}.0`);

export const toPeriodResponse = (row: PeriodRow): SchedulePeriodResponse => ({
  id: String(row.id),
  frequency: Number(row.frequency),
  exceptions: Number(row.exceptions),
  days: Number(row.days),
  on_time: primisTime(row.on_time),
  off_time: primisTime(row.off_time),
  start_minute: Number(row.start_minute),
  end_minute: Number(row.end_minute),
  enabled: 1,
});
