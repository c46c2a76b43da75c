import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ManagedObjectKind = 'device' | 'group';

/** A device or a device group of Cumulocity's inventory, as the bulk import creates them. */
@Entity('managed_objects')
@Index('ix_managed_objects_tenant_type_id', ['tenantId', 'type', 'id'])
@Index('ix_managed_objects_tenant_owner', ['tenantId', 'owner'])
@Index('ux_managed_objects_tenant_group_key', ['tenantId', 'groupKey'], { unique: true })
export class ManagedObjectEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  /** Decimal digits, as Cumulocity's ids are. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: ManagedObjectKind;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  type: string | null;

  /** `device_<id>` for a device: the device user may read it. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  owner: string | null;

  /** The other fragments (c8y_Mobile, c8y_SupportedOperations, ...), a JSON object. */
  @Column({ type: 'text' })
  fragments: string;

  /**
   * Groups only: a hash of the path from the root, unique per tenant, so two imports creating
   * the same group at once end with one.
   */
  @Column({ name: 'group_key', type: 'varchar', length: 64, nullable: true })
  groupKey: string | null;

  @Column({ name: 'creation_time', type: 'datetime', precision: 3 })
  creationTime: Date;
}
