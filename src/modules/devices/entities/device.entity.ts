import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A Genetec Clearance device. Its id derives from (SerialNumber, Manufacturer): see device-id.ts. */
@Entity('devices')
@Index('ix_devices_tenant_active_type', ['tenantId', 'active', 'deviceType', 'id'])
@Index('ix_devices_tenant_type', ['tenantId', 'deviceType', 'id'])
export class DeviceEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'serial_number', type: 'varchar', length: 200 })
  serialNumber: string;

  @Column({ type: 'varchar', length: 200 })
  manufacturer: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  model: string | null;

  @Column({ name: 'common_name', type: 'varchar', length: 200, nullable: true })
  commonName: string | null;

  @Column({ name: 'device_type', type: 'varchar', length: 100 })
  deviceType: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
