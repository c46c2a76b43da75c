import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AccessMethod = 'beacon' | 'gps';
export type AccessResult = 'granted' | 'denied';

/**
 * One geolocation access decision, granted or denied: who, with which phone, where, and why. Written
 * on every `POST /api/mobile/geolocation/access`; listed newest first by the tenant's admins.
 */
@Entity('mobile_access_decisions')
@Index('ix_mobile_access_decisions_tenant', ['tenantId', 'id'])
@Index('ix_mobile_access_decisions_user', ['tenantId', 'userId', 'id'])
@Index('ix_mobile_access_decisions_area', ['tenantId', 'zoneId', 'id'])
export class AccessDecisionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3 })
  decidedAt: Date;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** The phone that asked (the token's, else the body's `guid`); null when neither names one. */
  @Column({ name: 'phone_id', type: 'varchar', length: 200, nullable: true })
  phoneId: string | null;

  @Column({ type: 'varchar', length: 8 })
  method: AccessMethod;

  /** The area decided on; null when none was found. */
  @Column({ name: 'zone_id', type: 'varchar', length: 64, nullable: true })
  zoneId: string | null;

  @Column({ type: 'varchar', length: 8 })
  result: AccessResult;

  /** A DenialReason, null when granted. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  /** GPS only: from the phone to the area, in the area's unit. */
  @Column({ type: 'double', nullable: true })
  distance: number | null;
}
