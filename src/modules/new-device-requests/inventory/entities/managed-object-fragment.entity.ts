import { Entity, PrimaryColumn } from 'typeorm';

/** Which fragments a managed object carries (c8y_IsDevice, c8y_Mobile, ...): the index of `?fragmentType=`. */
@Entity('managed_object_fragments')
export class ManagedObjectFragmentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'fragment_type', type: 'varchar', length: 128 })
  fragmentType: string;

  @PrimaryColumn({ name: 'managed_object_id', type: 'varchar', length: 32 })
  managedObjectId: string;
}
