import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a device should run (desired, set by operators or adopted from its first negotiation), what
 * it confirmed running (applied, by commit) and what it reported it can do (capabilities).
 * `desiredHash` lets the polling hot path compare configurations without parsing JSON.
 */
@Entity('device_configurations')
export class DeviceConfigurationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId: string;

  @Column({ type: 'text' })
  desired: string;

  @Column({ name: 'desired_hash', type: 'varchar', length: 64 })
  desiredHash: string;

  @Column({ type: 'text', nullable: true })
  applied: string | null;

  @Column({ type: 'text' })
  capabilities: string;

  /** The open transaction that carries a credential change, if any: the device must not get a 304. */
  @Column({ name: 'pending_credential_transaction', type: 'varchar', length: 36, nullable: true })
  pendingCredentialTransaction: string | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
