import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per external key (e.g. a tenant's device on one provisioning server). A request writes the
 * row before it changes that key outside the database, so work on one key is ordered: the write
 * lock holds until the request's transaction ends, and a write is certified on every cluster node.
 */
@Entity('external_key_locks')
export class ExternalKeyLockEntity {
  @PrimaryColumn({ name: 'key_id', type: 'varchar', length: 255 })
  keyId: string;

  @Column({ name: 'locked_at', type: 'datetime', precision: 3 })
  lockedAt: Date;
}
