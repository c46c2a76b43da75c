import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampedRecord } from './site-record';

/** A Primis site: a geographical grouping of controlled areas; schedules run in its time zone. */
@Entity('mobile_sites')
export class SiteEntity extends TimestampedRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA zone (`Europe/Paris`). */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  /**
   * Areas, schedules and access groups on this site. A delete is `... WHERE reference_count = 0`, and
   * each referencing write increments it on this row: no dangling site, also across cluster nodes.
   */
  @Column({ name: 'reference_count', type: 'integer', default: 0 })
  referenceCount: number;
}
