import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An APIO access device of a group. Columns the list reads; the rest of its attributes in `properties`. */
@Entity('access_devices')
@Index('ux_access_devices_name', ['tenantId', 'groupId', 'deviceName'], { unique: true })
@Index('ux_access_devices_mac', ['tenantId', 'macAddress'], { unique: true })
export class AccessDeviceEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'group_id', type: 'varchar', length: 128 })
  groupId: string;

  @Column({ name: 'device_name', type: 'varchar', length: 255 })
  deviceName: string;

  @Column({ name: 'device_type', type: 'varchar', length: 128 })
  deviceType: string;

  /** 12 upper-case hex digits; null when the device has none (unique per tenant otherwise). */
  @Column({ name: 'mac_address', type: 'varchar', length: 12, nullable: true })
  macAddress: string | null;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 128 })
  version: string;

  @Column({ name: 'net_address', type: 'varchar', length: 255 })
  netAddress: string;

  @Column({ name: 'number_of_ports', type: 'integer' })
  numberOfPorts: number;

  /** The other attributes and the phone type's parameters, as JSON. */
  @Column({ type: 'text' })
  properties: string;

  @Column({ name: 'user_name', type: 'varchar', length: 255, nullable: true })
  userName: string | null;

  /** The password (custom or hidden) and activation code, as sealed JSON (SecretBox, context `tenant/group/name`). */
  @Column({ name: 'secrets_sealed', type: 'text', nullable: true })
  secretsSealed: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
