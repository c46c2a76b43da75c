/**
 * The bit masks of a schedule period, as the spec defines them (its day enumeration is cut short:
 * the day bits are this service's definition, Sunday first).
 *
 * - `frequency`: `WEEKLY` (0x2), or `HOLIDAY` (0x40) in the low byte with the holiday types it runs on
 *   in the upper bits: type n (1..12) is bit `0x100 << (n - 1)`, 0x00100 ... 0x80000.
 * - `exceptions`: holiday types (same bits) on which a weekly period does not run.
 * - `days`: Sunday 0x01, Monday 0x02, Tuesday 0x04, Wednesday 0x08, Thursday 0x10, Friday 0x20,
 *   Saturday 0x40.
 */
export const FREQUENCY_WEEKLY = 0x2;
export const FREQUENCY_HOLIDAY = 0x40;
export const HOLIDAY_TYPE_COUNT = 12;
/** Every holiday type bit, 0x00100 through 0x80000. */
export const HOLIDAY_TYPE_BITS = 0xfff00;
export const ALL_DAYS = 0x7f;

/** The bit of holiday type `type` (1..12) in `frequency` and `exceptions`. */
export const holidayTypeBit = (type: number): number => 0x100 << (type - 1);

/** The bit of a weekday in `days`, from luxon's weekday (1 = Monday ... 7 = Sunday). */
export const dayBit = (isoWeekday: number): number => 1 << (isoWeekday % 7);

/** Why a period's masks are invalid, or null when they are valid. */
export function periodMaskError(frequency: number, exceptions: number, days: number): string | null {
  if ((exceptions & ~HOLIDAY_TYPE_BITS) !== 0)
    return 'exceptions may only hold holiday type bits (0x00100 to 0x80000)';
  if ((days & ~ALL_DAYS) !== 0) return 'days may only hold day bits (0x01 Sunday to 0x40 Saturday)';
  if (frequency === FREQUENCY_WEEKLY) return days === 0 ? 'a weekly period needs at least one day' : null;
  const types = frequency & ~0xff;
  if ((frequency & 0xff) !== FREQUENCY_HOLIDAY || (types & ~HOLIDAY_TYPE_BITS) !== 0 || types === 0)
    return 'frequency must be 2 (weekly) or 0x40 with one or more holiday type bits (0x00100 to 0x80000)';
  return null;
}
