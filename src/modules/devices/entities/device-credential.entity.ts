import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending    offered by a negotiation, waiting for its transaction's commit
 * current    the credential in force (one per device)
 * failed     reported invalid by the device
 * superseded replaced by a newer current one, or its transaction was rejected or replaced
 */
export type CredentialState = 'pending' | 'current' | 'failed' | 'superseded';

/** A device credential, encrypted at rest; `lookup` finds it by value without storing it in clear. */
@Entity('device_credentials')
@Index('ix_device_credentials_device_state', ['tenantId', 'deviceId', 'state'])
@Index('ix_device_credentials_device_lookup', ['tenantId', 'deviceId', 'lookup'])
@Index('ix_device_credentials_transaction', ['tenantId', 'transactionId'])
export class DeviceCredentialEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId: string;

  /** The negotiation that offered it. */
  @Column({ name: 'transaction_id', type: 'varchar', length: 36, nullable: true })
  transactionId: string | null;

  @Column({ name: 'sealed_secret', type: 'text' })
  sealedSecret: string;

  @Column({ type: 'varchar', length: 64 })
  lookup: string;

  @Column({ type: 'varchar', length: 16 })
  state: CredentialState;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
