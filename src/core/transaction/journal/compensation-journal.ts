import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, In, IsNull, LessThan, LessThanOrEqual, Not, Or, type Repository } from 'typeorm';
import { JOURNAL_DATA_SOURCE } from '../tokens';
import { type CompensationStatus, CompensationEntity } from './compensation.entity';

const MAX_BACKOFF_MS = 10 * 60_000;
const UNFINISHED: CompensationStatus[] = ['armed', 'committing'];
const OPEN: CompensationStatus[] = [...UNFINISHED, 'pending'];

/** Exponential backoff from 1 s, capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The `compensations` table, reached only through the journal DataSource: every write here commits
 * on its own, whatever happens to the request's transaction.
 */
@Injectable()
export class CompensationJournal {
  private readonly rows: Repository<CompensationEntity>;

  constructor(@Inject(JOURNAL_DATA_SOURCE) dataSource: DataSource) {
    this.rows = dataSource.getRepository(CompensationEntity);
  }

  async arm(
    entry: Pick<CompensationEntity, 'scopeId' | 'tenantId' | 'requestId' | 'kind' | 'payload' | 'key'>,
  ): Promise<number> {
    const now = new Date();
    const result = await this.rows.insert({
      ...entry,
      status: 'armed',
      attempts: 0,
      lastError: null,
      nextAttemptAt: now,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    });
    return Number(result.identifiers[0].id);
  }

  async remove(id: number): Promise<void> {
    await this.rows.delete({ id });
  }

  /** armed -> committing for a whole scope; returns how many rows this caller moved. */
  async markCommitting(scopeId: string): Promise<number> {
    const result = await this.rows.update(
      { scopeId, status: 'armed' },
      { status: 'committing', updatedAt: new Date() },
    );
    return result.affected ?? 0;
  }

  async removeScope(scopeId: string): Promise<void> {
    await this.rows.delete({ scopeId });
  }

  async markDone(id: number): Promise<void> {
    await this.rows.update(
      { id },
      { status: 'done', lockedUntil: null, lastError: null, updatedAt: new Date() },
    );
  }

  async markPending(id: number, attempts: number, error: string | null): Promise<void> {
    const now = Date.now();
    await this.rows.update(
      { id },
      {
        status: 'pending',
        attempts,
        lastError: error?.slice(0, 1000) ?? null,
        nextAttemptAt: new Date(now + (attempts === 0 ? 0 : backoffMs(attempts))),
        lockedUntil: null,
        updatedAt: new Date(now),
      },
    );
  }

  find(id: number): Promise<CompensationEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The undos on one key not yet done, oldest first. */
  onKey(key: string): Promise<CompensationEntity[]> {
    return this.rows.find({ where: { key, status: In(OPEN) }, order: { id: 'ASC' } });
  }

  /** Keyed undos whose request has not finished, or died: their key's lock tells which (see the reconciler). */
  async unfinishedKeys(limit: number): Promise<string[]> {
    const rows = await this.rows.find({
      select: { id: true, key: true },
      where: { key: Not(IsNull()), status: In(UNFINISHED) },
      order: { id: 'ASC' },
      take: limit,
    });
    return [...new Set(rows.map((row) => row.key as string))];
  }

  /** Unkeyed rows of requests that died before finishing (never committed nor compensated). */
  async orphans(olderThan: Date, limit: number): Promise<CompensationEntity[]> {
    return this.rows.find({
      where: { key: IsNull(), status: In(UNFINISHED), createdAt: LessThan(olderThan) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /**
   * Pending undos that are due, claimed with a lease so two instances seldom run the same one at
   * once; a keyed undo that runs twice is harmless (it re-reads its status holding its key's lock).
   */
  async claimDue(limit: number, leaseMs: number): Promise<CompensationEntity[]> {
    const now = new Date();
    const due = {
      status: 'pending' as const,
      nextAttemptAt: LessThanOrEqual(now),
      lockedUntil: Or(IsNull(), LessThan(now)),
    };
    const candidates = await this.rows.find({ where: due, order: { nextAttemptAt: 'ASC' }, take: limit });
    const claimed: CompensationEntity[] = [];
    for (const row of candidates) {
      const result = await this.rows.update(
        { ...due, id: row.id },
        { lockedUntil: new Date(now.getTime() + leaseMs) },
      );
      if (result.affected === 1) claimed.push(row);
    }
    return claimed;
  }

  /**
   * Unfinished undos by status, and the due time of the oldest `pending` one that is due (the
   * reconciler's lag is how long ago that was).
   */
  async backlog(
    now: Date,
  ): Promise<{ byStatus: Partial<Record<CompensationStatus, number>>; oldestDue?: Date }> {
    const counts = await this.rows
      .createQueryBuilder('c')
      .select('c.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('c.status IN (:...open)', { open: OPEN })
      .groupBy('c.status')
      .getRawMany<{ status: CompensationStatus; n: number | string }>();
    const oldest = await this.rows.findOne({
      select: { id: true, nextAttemptAt: true },
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
    });
    const byStatus = Object.fromEntries(counts.map(({ status, n }) => [status, Number(n)]));
    return { byStatus, oldestDue: oldest?.nextAttemptAt };
  }

  list(status: CompensationStatus | undefined, skip: number, take: number): Promise<CompensationEntity[]> {
    return this.rows.find({ where: status ? { status } : {}, order: { id: 'ASC' }, skip, take });
  }
}
