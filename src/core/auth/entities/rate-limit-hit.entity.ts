import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A fixed-window counter shared by every instance (rate limits live in the database, not in memory). */
@Entity('rate_limit_hits')
@Index('ix_rate_limit_hits_expires', ['expiresAt'])
export class RateLimitHitEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;
}
