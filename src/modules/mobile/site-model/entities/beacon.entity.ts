import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A beacon, with the spec's fields. A phone reports `(uuid, major, minor)`: unique per tenant, the
 * index of the access decision's lookup; the beacon status call names only `(major, minor)`.
 */
@Entity('mobile_beacons')
@Index('ux_mobile_beacons_identity', ['tenantId', 'uuid', 'major', 'minor'], { unique: true })
@Index('ix_mobile_beacons_major_minor', ['tenantId', 'major', 'minor'])
export class BeaconEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'unique_id', type: 'varchar', length: 64 })
  uniqueId: string;

  /** Lower-case canonical UUID. */
  @Column({ type: 'varchar', length: 36 })
  uuid: string;

  @Column({ type: 'integer' })
  major: number;

  @Column({ type: 'integer' })
  minor: number;

  /** Advertising interval, ms. */
  @Column({ name: 'adv_interval', type: 'integer' })
  advInterval: number;

  /** Average time between Beacon Health checks. */
  @Column({ name: 'avg_event_interval', type: 'integer', nullable: true })
  avgEventInterval: number | null;

  @Column({ name: 'last_event_timestamp', type: 'datetime', precision: 3, nullable: true })
  lastEventTimestamp: Date | null;

  /** Percent, 0..100. */
  @Column({ name: 'battery_level', type: 'integer', nullable: true })
  batteryLevel: number | null;

  /** Unique id of the Cloud Beacon responsible for this one. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  master: string | null;

  /** Raw device data, a JSON object. */
  @Column({ name: 'device_data', type: 'text', nullable: true })
  deviceData: string | null;

  /** Raw status data, a JSON object. */
  @Column({ name: 'status_data', type: 'text', nullable: true })
  statusData: string | null;

  /** Areas using this beacon (see SiteEntity). */
  @Column({ name: 'reference_count', type: 'integer', default: 0 })
  referenceCount: number;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
