import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the built-in provisioning server holds, for a server name the tenant has not configured. */
@Entity('local_provisioning_records')
export class LocalProvisioningRecordEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  server: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  mac: string;

  /** Who created the record: a rollback deletes it only with this id (see the provisioning contract). */
  @Column({ name: 'provisioning_id', type: 'varchar', length: 64 })
  provisioningId: string;

  @Column({ type: 'text' })
  document: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
