import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type BulkImportJobState = 'RUNNING' | 'COMPLETED' | 'FAILED';

/**
 * An import answered with 202 and run in the background. Its state lives here, not in the process,
 * so any instance answers for it and a restart cannot leave it RUNNING forever.
 */
@Entity('bulk_import_jobs')
@Index('ix_bulk_import_jobs_state_heartbeat', ['state', 'heartbeatAt'])
export class BulkImportJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'varchar', length: 16 })
  state: BulkImportJobState;

  @Column({ name: 'all_or_nothing', type: 'boolean' })
  allOrNothing: boolean;

  @Column({ name: 'dry_run', type: 'boolean' })
  dryRun: boolean;

  @Column({ name: 'rows_total', type: 'integer' })
  rowsTotal: number;

  @Column({ name: 'rows_done', type: 'integer' })
  rowsDone: number;

  @Column({ type: 'integer' })
  created: number;

  @Column({ name: 'credentials_updated', type: 'integer' })
  credentialsUpdated: number;

  @Column({ type: 'integer' })
  failed: number;

  /** Why the job as a whole failed (a cap, a bad header, the instance that ran it stopped). */
  @Column({ type: 'text', nullable: true })
  failure: string | null;

  /** Scheme and host the import was started at: its event links there, even when no request is at hand. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  origin: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** Written with every batch; a RUNNING job whose heartbeat stops is marked FAILED. */
  @Column({ name: 'heartbeat_at', type: 'datetime', precision: 3 })
  heartbeatAt: Date;
}
