import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StoredAnswer } from '../stored-answer';

export type IdempotencyKeyState = 'running' | 'committed' | 'done';

/**
 * One Idempotency-Key of one caller (tenant + principal). `running` while a request holds its lease,
 * `committed` once its work is (written in its transaction), `done` with the answer to replay until
 * `expires_at`. The id is a SHA-256 of caller and key, so the
 * claim is one primary-key insert, exact on every database whatever the key's characters.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'principal_id', type: 'varchar', length: 36 })
  principalId: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255 })
  key: string;

  @Column({ name: 'fingerprint', type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state: IdempotencyKeyState;

  /** The request running it, then the one whose answer is stored (for the logs). */
  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId: string;

  /** The claim holding the row: every write of a request is matched on it. */
  @Column({ name: 'token', type: 'varchar', length: 36 })
  token: string;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3 })
  leaseUntil: Date;

  @Index('ix_idempotency_keys_expires_at')
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'answer', type: 'json', nullable: true })
  answer: StoredAnswer | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
