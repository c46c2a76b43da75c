import { Entity, Index, PrimaryColumn } from 'typeorm';

/** An access group grants its controlled area (same site). Reverse index: which groups grant an area. */
@Entity('mobile_access_group_areas')
@Index('ix_mobile_access_group_areas_controlled_area', ['tenantId', 'controlledAreaId'])
export class AccessGroupAreaEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'access_group_id', type: 'integer' })
  accessGroupId: number;

  @PrimaryColumn({ name: 'controlled_area_id', type: 'varchar', length: 64 })
  controlledAreaId: string;
}
