/**
 * The bit masks of a Primis schedule period (`frequency`, `exceptions`, `days`). The text gives the
 * frequency and holiday bits; its day-of-week table is cut short, so the day bits are this service's
 * definition (README, "Schedules"): Sunday is bit 0 as in most access-control systems.
 */

/** `frequency` (lower byte) of a period active on the days of its `days` mask. */
export const WEEKLY = 0x02;
/** `frequency` (lower byte) of a period active on the holidays whose types are in its upper bits. */
export const HOLIDAY = 0x40;
/** The lower byte of `frequency`: WEEKLY or HOLIDAY. */
export const FREQUENCY_KIND_MASK = 0xff;

export const HOLIDAY_TYPE_COUNT = 12;
/** Holiday type n (1..12) is bit 0x100 << (n - 1): 0x00100 ... 0x80000, in `frequency` and `exceptions`. */
export const holidayTypeBit = (type: number): number => 0x100 << (type - 1);
/** Every holiday type bit: 0xfff00. */
export const HOLIDAY_TYPES_MASK = 0xfff00;

/** Luxon's weekday (1 = Monday ... 7 = Sunday) to its bit in `days`: Sunday 0x01, Monday 0x02 ... Saturday 0x40. */
export const dayBit = (luxonWeekday: number): number => 1 << (luxonWeekday % 7);
export const DAYS_MASK = 0x7f;
