import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A group's child asset (a subgroup or a device): the edges of the group hierarchy. */
@Entity('child_assets')
@Index('ix_child_assets_tenant_child', ['tenantId', 'childId'])
export class ChildAssetEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'parent_id', type: 'varchar', length: 32 })
  parentId: string;

  @PrimaryColumn({ name: 'child_id', type: 'varchar', length: 32 })
  childId: string;
}
