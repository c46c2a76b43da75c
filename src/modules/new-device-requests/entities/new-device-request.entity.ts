import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NewDeviceRequestStatus } from '../new-device-request-status';

/**
 * A Cumulocity new device request. Device ids run to 1000 characters, longer than an index key may be
 * on MySQL: rows are found by `device_key`, the SHA-256 of the id, unique per tenant; the index leads
 * with it so the bootstrap poll of the management tenant (any tenant) uses it too. `seq` orders pages.
 */
@Entity('new_device_requests')
@Index('ux_new_device_requests_key_tenant', ['deviceKey', 'tenantId'], { unique: true })
@Index('ix_new_device_requests_tenant_seq', ['tenantId', 'seq'])
export class NewDeviceRequestEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  seq: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'device_key', type: 'varchar', length: 64 })
  deviceKey: string;

  @Column({ name: 'device_id', type: 'varchar', length: 1000 })
  deviceId: string;

  @Column({ type: 'varchar', length: 32 })
  status: NewDeviceRequestStatus;

  @Column({ type: 'varchar', length: 255, nullable: true })
  type: string | null;

  @Column({ name: 'group_id', type: 'varchar', length: 255, nullable: true })
  groupId: string | null;

  @Column({ type: 'varchar', length: 320 })
  owner: string;

  @Column({ name: 'creation_time', type: 'datetime', precision: 3 })
  creationTime: Date;

  /** Custom fragments, a JSON object. */
  @Column({ type: 'text', nullable: true })
  fragments: string | null;

  /** SHA-256 of the securityToken (compared, never shown). */
  @Column({ name: 'security_token_hash', type: 'varchar', length: 64, nullable: true })
  securityTokenHash: string | null;

  /** Polls counted in the current brute-force window. */
  @Column({ name: 'poll_count', type: 'integer', default: 0 })
  pollCount: number;

  @Column({ name: 'poll_window_start', type: 'datetime', precision: 3, nullable: true })
  pollWindowStart: Date | null;

  /** Set when the device received its credentials: the request is consumed. */
  @Column({ name: 'credentials_issued_at', type: 'datetime', precision: 3, nullable: true })
  credentialsIssuedAt: Date | null;
}
