import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An external id (type + value, e.g. c8y_Serial/1234) naming one managed object of the tenant. */
@Entity('external_ids')
@Index('ix_external_ids_tenant_object', ['tenantId', 'managedObjectId'])
export class ExternalIdEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  type: string;

  @PrimaryColumn({ name: 'external_id', type: 'varchar', length: 255 })
  externalId: string;

  @Column({ name: 'managed_object_id', type: 'varchar', length: 32 })
  managedObjectId: string;
}
