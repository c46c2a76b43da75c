import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'active_device_limit', type: 'integer' })
  activeDeviceLimit: number;

  /** Mender admission: how many auth sets may be accepted at once; null = no limit. */
  @Column({ name: 'accepted_device_limit', type: 'integer', nullable: true })
  acceptedDeviceLimit: number | null;

  /** Devices active now, kept in the transaction that activates or deactivates one (see tenant-limits.ts). */
  @Column({ name: 'active_device_count', type: 'integer', default: 0 })
  activeDeviceCount: number;

  /** Auth sets accepted now, kept in the transaction that changes one; counted even without a limit. */
  @Column({ name: 'accepted_device_count', type: 'integer', default: 0 })
  acceptedDeviceCount: number;

  /** Primis mobile licence: phones per mobile user; null = no limit. */
  @Column({ name: 'mobile_phones_per_user', type: 'integer', nullable: true })
  mobilePhonesPerUser: number | null;

  /** Primis mobile licence: phones in the tenant; null = no limit. */
  @Column({ name: 'mobile_phones_total', type: 'integer', nullable: true })
  mobilePhonesTotal: number | null;

  /** Phones registered now, kept in the transaction that registers or removes one; counted even without a limit. */
  @Column({ name: 'mobile_phone_count', type: 'integer', default: 0 })
  mobilePhoneCount: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
