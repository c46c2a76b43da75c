import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SiteRecord } from './site-record';

/** A schedule of a site: its periods say when it is on (schedule-period.entity.ts). */
@Entity('mobile_schedules')
@Index('ix_mobile_schedules_site', ['tenantId', 'siteId'])
export class ScheduleEntity extends SiteRecord {
  /** A number, as the spec's schedule bodies show. */
  @PrimaryColumn({ type: 'integer' })
  id: number;

  /** Access groups using this schedule, and areas it drives (controlled-area schedules; see SiteEntity). */
  @Column({ name: 'reference_count', type: 'integer', default: 0 })
  referenceCount: number;
}
