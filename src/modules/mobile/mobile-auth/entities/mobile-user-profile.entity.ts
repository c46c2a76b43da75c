import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What a platform user holds as a Primis mobile user beyond its roles: its `zoneAccess`, and the
 * count of its phones, kept by guarded writes on this row (the per-user licence, ARCHITECTURE rule 9).
 */
@Entity('mobile_user_profiles')
@Index('ix_mobile_user_profiles_tenant', ['tenantId'])
export class MobileUserProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'zone_access', type: 'integer', default: 0 })
  zoneAccess: number;

  @Column({ name: 'phone_count', type: 'integer', default: 0 })
  phoneCount: number;
}
