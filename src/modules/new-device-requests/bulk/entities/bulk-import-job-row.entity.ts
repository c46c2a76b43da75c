import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line's outcome in a background import: what report.csv streams. */
@Entity('bulk_import_job_rows')
export class BulkImportJobRowEntity {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 36 })
  jobId: string;

  @PrimaryColumn({ type: 'integer' })
  line: number;

  @Column({ name: 'device_id', type: 'varchar', length: 255, nullable: true })
  deviceId: string | null;

  /** CREATED, CREDENTIAL_UPDATED or FAILED. */
  @Column({ type: 'varchar', length: 24 })
  status: string;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;
}
