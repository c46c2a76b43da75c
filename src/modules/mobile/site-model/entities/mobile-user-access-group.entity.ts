import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A mobile user's membership of an access group (written through MembershipsService, read by the
 * access decisions: user -> groups by the primary key, group -> users by the second index).
 */
@Entity('mobile_user_access_groups')
@Index('ix_mobile_user_access_groups_access_group', ['tenantId', 'accessGroupId'])
export class MobileUserAccessGroupEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  /** The platform user's id. */
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ name: 'access_group_id', type: 'integer' })
  accessGroupId: number;
}
