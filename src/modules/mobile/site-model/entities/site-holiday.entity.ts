import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One holiday of a site's calendar: on `date` (the site's local calendar day) the holiday `type` (1..12)
 * is in force, which turns on the periods whose frequency holds its bit and off the weekly periods whose
 * exceptions hold it (schedule-masks.ts). Deleted with its site.
 */
@Entity('mobile_site_holidays')
export class SiteHolidayEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'site_id', type: 'varchar', length: 64 })
  siteId: string;

  /** `YYYY-MM-DD`, local to the site. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 1..12: bit `0x100 << (type - 1)` of a period's frequency and exceptions. */
  @Column({ name: 'holiday_type', type: 'integer' })
  holidayType: number;
}
