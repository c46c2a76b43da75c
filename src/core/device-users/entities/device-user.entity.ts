import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A device user `device_<deviceId>` of a tenant: the second kind of principal (Cumulocity device
 * credentials). Keyed by the SHA-256 of the device id, because an id may be 1000 characters and no
 * MySQL index holds that; the id itself is kept, compared exactly (binary collation on MySQL).
 * `id` is new at each creation: tokens name it, so a revoked and re-created device user does not
 * revive the old tokens.
 */
@Entity('device_users')
@Index('ux_device_users_id', ['id'], { unique: true })
@Index('ix_device_users_key', ['deviceKey'])
export class DeviceUserEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'device_key', type: 'varchar', length: 64 })
  deviceKey: string;

  @Column({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'device_id', type: 'varchar', length: 1000 })
  deviceId: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
