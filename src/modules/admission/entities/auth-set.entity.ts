import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AdmissionStatus } from '../admission-status';

/** A Mender device authentication data set, waiting for or given an admission decision. */
@Entity('auth_sets')
@Index('ix_auth_sets_tenant_status_id', ['tenantId', 'status', 'id'])
@Index('ix_auth_sets_tenant_device_id', ['tenantId', 'deviceId', 'id'])
export class AuthSetEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  @Column({ name: 'device_id', type: 'varchar', length: 128 })
  deviceId: string;

  /** As submitted: a JSON string. */
  @Column({ name: 'device_identity', type: 'text' })
  deviceIdentity: string;

  /** The identity, parsed. */
  @Column({ type: 'text' })
  attributes: string;

  @Column({ type: 'text' })
  pubkey: string;

  @Column({ type: 'varchar', length: 16 })
  status: AdmissionStatus;

  @Column({ name: 'request_time', type: 'datetime', precision: 3 })
  requestTime: Date;
}
