import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver has ONE connection and hands out ONE shared QueryRunner: two
 * concurrent transactions would nest as savepoints of each other, and any other request's statement
 * would run inside whichever transaction is open. This gives SQLite what a MySQL pool gives for free:
 * a transaction runs alone, and statements from other requests wait until it ends.
 */
class SqliteSerializer {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly owner = new AsyncLocalStorage<true>();
  /** Turns taken and not yet finished: the one running and those waiting (for /metrics). */
  queued = 0;

  /** Runs `work` alone; re-entrant within the async context that holds the turn. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.owner.getStore()) return work();
    this.queued += 1;
    const turn = this.tail
      .then(() => this.owner.run(true, work))
      .finally(() => {
        this.queued -= 1;
      });
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

const serializers = new WeakMap<DataSource, SqliteSerializer>();

/** Makes every statement of this (SQLite) DataSource take its turn. Call once, right after initialize(). */
export function serializeStatements(dataSource: DataSource): void {
  const serializer = new SqliteSerializer();
  serializers.set(dataSource, serializer);
  const patched = new WeakSet<QueryRunner>();
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (!patched.has(runner)) {
      patched.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = ((...args: unknown[]) =>
        serializer.exclusive(() => query(...args))) as QueryRunner['query'];
    }
    return runner;
  };
}

/** Runs a whole transaction alone on SQLite; a no-op wrapper on MySQL, whose pool isolates transactions. */
export function exclusively<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const serializer = serializers.get(dataSource);
  return serializer ? serializer.exclusive(work) : work();
}

/** On SQLite, the one connection's use: 1 while a turn runs, and the turns waiting for it; else undefined. */
export function sqliteQueue(dataSource: DataSource): { inUse: number; waiting: number } | undefined {
  const serializer = serializers.get(dataSource);
  if (!serializer) return undefined;
  return { inUse: Math.min(1, serializer.queued), waiting: Math.max(0, serializer.queued - 1) };
}
