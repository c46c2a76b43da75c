import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A line port of a device used by a user, as primary or secondary phone. The key makes a port used once. */
@Entity('access_device_ports')
@Index('ix_access_device_ports_tenant', ['tenantId', 'deviceId'])
export class AccessDevicePortEntity {
  @PrimaryColumn({ name: 'device_id', type: 'integer' })
  deviceId: number;

  @PrimaryColumn({ type: 'integer' })
  port: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 128 })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'primary' | 'secondary';
}
