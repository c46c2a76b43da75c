import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CommitMarkers } from './commit-markers';
import { CompensationJournal } from './journal/compensation-journal';
import type { JournalledUndo } from './journal/run-journalled-undo';
import { lockKey, tryLockKey } from './key-locks';
import { settleDecision } from './settle-rules';
import { UndoHandlers } from './undo-handlers';
import { UnsettledUndoError } from './unsettled-undo.error';

/**
 * Runs the undos of keyed external changes, always holding the key's lock in a main-database
 * transaction, so the handler's re-check of the service's own state and its call are not
 * interleaved with another request's work on that key. The journal row's status is re-read under
 * the lock: whoever held the lock before may have settled it already.
 */
@Injectable()
export class UndoRunner {
  private readonly logger = new Logger('Compensation');

  constructor(
    private readonly journal: CompensationJournal,
    private readonly handlers: UndoHandlers,
    private readonly markers: CommitMarkers,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Inside the caller's transaction: the key's lock, held until the transaction ends. */
  lock(key: string): Promise<void> {
    return lockKey(this.txHost.tx, key);
  }

  /**
   * Inside the caller's transaction, which already holds the key's lock: settles every undo still
   * open on the key except the caller's own. Throws UnsettledUndoError when one cannot run now.
   */
  async settleKey(key: string, ownScope: string): Promise<void> {
    for (const row of await this.journal.onKey(key)) {
      if (row.scopeId === ownScope) continue;
      const failure = await this.settle(row);
      if (failure) throw new UnsettledUndoError(key, row.kind, failure.error);
    }
  }

  /** In a transaction of its own, waiting for the key's lock. Never throws; true when nothing is left to do. */
  async runUnderKey(undo: JournalledUndo & { key: string }): Promise<boolean> {
    return this.inOwnTransaction(`undo ${undo.kind} #${undo.id}`, async () => {
      await lockKey(this.txHost.tx, undo.key);
      return !(await this.settle(undo));
    });
  }

  /**
   * Settles every open undo on a key whose lock no transaction holds (NOWAIT): the requests that
   * registered them are no longer inside their transactions. False when the key is busy.
   */
  async adoptKey(key: string): Promise<boolean> {
    return this.inOwnTransaction(`undos on ${key}`, async () => {
      if (!(await tryLockKey(this.txHost.tx, key))) return false;
      for (const row of await this.journal.onKey(key)) await this.settle(row);
      return true;
    });
  }

  private async inOwnTransaction(name: string, work: () => Promise<boolean>): Promise<boolean> {
    try {
      return await this.txHost.withTransaction(work);
    } catch (error) {
      this.logger.error(`${name} stays as journalled: ${(error as Error).message}`);
      return false;
    }
  }

  /** The caller holds the key's lock. Undefined when settled; else the handler's error (the row is then pending). */
  private async settle(undo: JournalledUndo): Promise<{ error: unknown } | undefined> {
    const row = await this.journal.find(undo.id);
    const unfinished = row?.status === 'armed' || row?.status === 'committing';
    const committed = unfinished ? await this.markers.committedNow(row.scopeId) : false;
    const decision = settleDecision(row?.status, committed);
    if (!row || decision === 'skip') return undefined;
    if (decision === 'drop') {
      await this.journal.removeScope(row.scopeId);
      return undefined;
    }
    const name = `undo ${row.kind} #${row.id}`;
    const attempts = row.attempts + 1;
    try {
      await this.handlers.run(row.kind, row.payload);
    } catch (error) {
      this.logger.error(
        `${name} failed (attempt ${attempts}), left to the reconciler: ${(error as Error).message}`,
      );
      await this.journal.markPending(row.id, attempts, (error as Error).message);
      return { error };
    }
    await this.journal.markDone(row.id);
    if (attempts > 1) this.logger.log(`${name} succeeded after ${attempts} attempt(s)`);
    return undefined;
  }
}
