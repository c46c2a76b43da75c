import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { UndoPayload } from '../undo-handlers';

/**
 * armed      registered by a request still in flight
 * committing the request is committing; if it dies now the reconciler asks compensation_commits
 * pending    the undo must run (request failed and the undo failed, or the request died); retried with backoff
 * done       the undo ran
 */
export type CompensationStatus = 'armed' | 'committing' | 'pending' | 'done';

/** One undo of an external side effect, journalled outside the request's transaction. */
@Entity('compensations')
@Index('ix_compensations_scope', ['scopeId'])
@Index('ix_compensations_status_due', ['status', 'nextAttemptAt'])
@Index('ix_compensations_key', ['key', 'status'])
export class CompensationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'scope_id', type: 'varchar', length: 36 })
  scopeId: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64, nullable: true })
  tenantId: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId: string;

  /** Names the registered undo handler, e.g. `access-devices.redirect.delete`. */
  @Column({ type: 'varchar', length: 120 })
  kind: string;

  /** The external key the undo acts on (see key-locks): its undos run in order, holding the key's lock. */
  @Column({ name: 'undo_key', type: 'varchar', length: 255, nullable: true })
  key: string | null;

  @Column({ type: 'simple-json' })
  payload: UndoPayload;

  @Column({ type: 'varchar', length: 16 })
  status: CompensationStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
