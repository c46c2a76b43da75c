import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource, LessThanOrEqual, MoreThan } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors';
import { retryOnDeadlock } from '../database/deadlock-retry';
import { RateLimitHitEntity } from './entities/rate-limit-hit.entity';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler storage in the shared database, so a limit holds across instances (rule 10).
 * Fixed windows; each hit is one atomic `hits = hits + 1`, a new window one insert.
 */
@Injectable()
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(RateLimitHitEntity);
  }

  /**
   * Each statement commits on its own, so one that lost to contention (a flood of one user's logins
   * on several Galera nodes writes one row) changed nothing and runs again: the flood is counted, not a 503.
   */
  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = new Date();
    const row = await retryOnDeadlock(
      async () => (await this.countHit(key, now)) ?? (await this.openWindow(key, now, ttl)),
    );
    const timeToExpire = Math.max(1, Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000));
    const isBlocked = row.hits > limit;
    return { totalHits: row.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  /** Takes one hit back from the key's open window (a hit that turned out to be no offence). */
  async giveBack(key: string): Promise<void> {
    await retryOnDeadlock(() =>
      this.rows
        .createQueryBuilder()
        .update()
        .set({ hits: () => 'hits - 1' })
        .where({ key, expiresAt: MoreThan(new Date()), hits: MoreThan(0) })
        .execute(),
    );
  }

  /** Counts a hit in the key's open window; null when it has none. */
  private async countHit(key: string, now: Date): Promise<RateLimitHitEntity | null> {
    const open = { key, expiresAt: MoreThan(now) };
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ hits: () => 'hits + 1' })
      .where(open)
      .execute();
    return result.affected ? this.rows.findOneBy(open) : null;
  }

  private async openWindow(key: string, now: Date, ttl: number): Promise<RateLimitHitEntity> {
    await this.rows.delete({ expiresAt: LessThanOrEqual(now) });
    const row = { key, hits: 1, expiresAt: new Date(now.getTime() + ttl) };
    try {
      await this.rows.insert(row);
      return row;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another instance opened the window first: count this hit in it.
      const counted = await this.countHit(key, now);
      if (!counted) throw error;
      return counted;
    }
  }
}
