import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ZoneState } from '../../access/zone-state';
import type { GpsUnit } from '../gps-unit';
import { SiteRecord } from './site-record';

/**
 * A controlled area (zone) with its geolocation. Access by beacon finds the area through its beacon
 * (`ux_mobile_areas_beacon`, one area per beacon); by GPS through a bounding box on
 * `ix_mobile_areas_gps` before the exact distance.
 */
@Entity('mobile_controlled_areas')
@Index('ux_mobile_areas_beacon', ['tenantId', 'beaconUniqueId'], { unique: true })
@Index('ix_mobile_areas_gps', ['tenantId', 'gpsLatitude', 'gpsLongitude'])
@Index('ix_mobile_controlled_areas_site', ['tenantId', 'siteId'])
export class ControlledAreaEntity extends SiteRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** A ZoneState number (access/zone-state.ts). */
  @Column({ type: 'integer' })
  state: ZoneState;

  /** When `state` last changed (a zone-state call or a PUT that changed it). */
  @Column({ name: 'state_changed_at', type: 'datetime', precision: 3 })
  stateChangedAt: Date;

  /** Set by a momentary unlock: the area is open until then, whatever its state; null = not unlocked. */
  @Column({ name: 'unlocked_until', type: 'datetime', precision: 3, nullable: true })
  unlockedUntil: Date | null;

  /** `T`: a state change holds indefinitely (no activation times); `` otherwise. */
  @Column({ type: 'varchar', length: 1 })
  toggle: string;

  /** Multi-factor setting: 0 = not multi factor. */
  @Column({ type: 'integer' })
  factor: number;

  /** Multi-factor mode: 0 = single user. */
  @Column({ name: 'authorization_mode', type: 'integer' })
  authorizationMode: number;

  /** Seconds (the spec's `authorizationTimout`). */
  @Column({ name: 'authorization_timeout', type: 'integer' })
  authorizationTimeout: number;

  /** `` = in no zone group. */
  @Column({ name: 'zone_group_id', type: 'varchar', length: 64 })
  zoneGroupId: string;

  @Column({ name: 'geo_enabled', type: 'boolean' })
  geoEnabled: boolean;

  @Column({ name: 'beacon_unique_id', type: 'varchar', length: 64, nullable: true })
  beaconUniqueId: string | null;

  @Column({ name: 'gps_latitude', type: 'double', nullable: true })
  gpsLatitude: number | null;

  @Column({ name: 'gps_longitude', type: 'double', nullable: true })
  gpsLongitude: number | null;

  /** In `gpsUnitType`; > 0. */
  @Column({ name: 'gps_radius', type: 'double', nullable: true })
  gpsRadius: number | null;

  @Column({ name: 'gps_unit_type', type: 'varchar', length: 16, nullable: true })
  gpsUnitType: GpsUnit | null;

  /**
   * Access groups listing this area and controlled-area schedules driving it: a delete is refused (409)
   * while > 0 (see SiteEntity).
   */
  @Column({ name: 'reference_count', type: 'integer', default: 0 })
  referenceCount: number;
}
