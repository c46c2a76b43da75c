import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A phone registered by a mobile user (`POST /api/mobile/login`). Its id is the app's, exact, and
 * unique in the tenant: one user at a time. `session_id` is the family of the tokens it holds now;
 * null once that session was ended (a replayed refresh token, a new password): log in again.
 */
@Entity('mobile_phones')
@Index('ix_mobile_phones_user', ['tenantId', 'userId'])
@Index('ix_mobile_phones_session', ['sessionId'])
export class MobilePhoneEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'phone_id', type: 'varchar', length: 200 })
  phoneId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId: string | null;

  @Column({ name: 'registered_at', type: 'datetime', precision: 3 })
  registeredAt: Date;

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3 })
  lastLoginAt: Date;
}
