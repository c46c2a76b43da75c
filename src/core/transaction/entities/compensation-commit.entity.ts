import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Written inside a request's transaction when that request registered undos: if the row exists,
 * the request committed and its undos must never run. The reconciler reads it to tell a request
 * that crashed before commit from one that crashed just after.
 */
@Entity('compensation_commits')
export class CompensationCommitEntity {
  @PrimaryColumn({ name: 'scope_id', type: 'varchar', length: 36 })
  scopeId: string;

  @Column({ name: 'committed_at', type: 'datetime', precision: 3 })
  committedAt: Date;
}
