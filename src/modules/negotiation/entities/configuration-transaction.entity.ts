import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** open -> committed | rejected | superseded (by a newer negotiation); an open one past its TTL is expired. */
export type TransactionStatus = 'open' | 'committed' | 'rejected' | 'superseded';

/** One negotiation: the configuration offered to a device, and how it ended. */
@Entity('configuration_transactions')
@Index('ix_configuration_transactions_device', ['tenantId', 'deviceId', 'createdAt'])
@Index('ix_configuration_transactions_device_status', ['tenantId', 'deviceId', 'status'])
export class ConfigurationTransactionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId: string;

  /** The configuration offered (the desired one at negotiation time). */
  @Column({ type: 'text' })
  configuration: string;

  @Column({ name: 'carries_credential', type: 'boolean' })
  carriesCredential: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: TransactionStatus;

  @Column({ name: 'reason_code', type: 'varchar', length: 200, nullable: true })
  reasonCode: string | null;

  @Column({ name: 'reason_message', type: 'varchar', length: 2000, nullable: true })
  reasonMessage: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;
}
