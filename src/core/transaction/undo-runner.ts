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
 * the lock: whoever held the lock before may have settled it already. A row is marked done only
 * after that transaction committed, since it carries what the handler wrote (e.g. a webhook event):
 * an undo whose transaction rolled back runs again, so its event is never lost.
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
   * Inside the caller's transaction, which already holds the key's lock: runs every undo still open
   * on the key except the caller's own, and returns their ids. They stay open until the caller's
   * transaction, which carries what they wrote (their events), has committed: then the caller marks
   * them done (markDone); if it rolls back they run again. Throws UnsettledUndoError when one cannot
   * run now.
   */
  async settleKey(key: string, ownScope: string): Promise<number[]> {
    const ran: number[] = [];
    for (const row of await this.journal.onKey(key)) {
      if (row.scopeId === ownScope) continue;
      const outcome = await this.settle(row);
      if ('error' in outcome) throw new UnsettledUndoError(key, row.kind, outcome.error);
      if (outcome.ran !== null) ran.push(outcome.ran);
    }
    return ran;
  }

  /** After the transaction the undos ran in committed. Never throws: a row left open runs again (undos are idempotent). */
  async markDone(ids: number[]): Promise<void> {
    for (const id of ids)
      await this.journal.markDone(id).catch((error: Error) => {
        this.logger.error(`undo #${id} ran but stays as journalled: ${error.message}`);
      });
  }

  /** In a transaction of its own, waiting for the key's lock. Never throws; true when nothing is left to do. */
  async runUnderKey(undo: JournalledUndo & { key: string }): Promise<boolean> {
    return this.inOwnTransaction(`undo ${undo.kind} #${undo.id}`, async () => {
      await lockKey(this.txHost.tx, undo.key);
      const outcome = await this.settle(undo);
      if ('error' in outcome) return { ran: [], settled: false };
      return { ran: outcome.ran === null ? [] : [outcome.ran], settled: true };
    });
  }

  /**
   * Settles every open undo on a key whose lock no transaction holds (NOWAIT): the requests that
   * registered them are no longer inside their transactions. False when the key is busy.
   */
  async adoptKey(key: string): Promise<boolean> {
    return this.inOwnTransaction(`undos on ${key}`, async () => {
      if (!(await tryLockKey(this.txHost.tx, key))) return { ran: [], settled: false };
      const ran: number[] = [];
      for (const row of await this.journal.onKey(key)) {
        const outcome = await this.settle(row);
        if ('ran' in outcome && outcome.ran !== null) ran.push(outcome.ran);
      }
      return { ran, settled: true };
    });
  }

  /** The undos `work` ran are done once its transaction committed. Never throws. */
  private async inOwnTransaction(
    name: string,
    work: () => Promise<{ ran: number[]; settled: boolean }>,
  ): Promise<boolean> {
    try {
      const { ran, settled } = await this.txHost.withTransaction(work);
      await this.markDone(ran);
      return settled;
    } catch (error) {
      this.logger.error(`${name} stays as journalled: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * The caller holds the key's lock. `ran`: the id of the undo that ran (null when nothing had to),
   * not yet marked done; else the handler's error (the row is then pending).
   */
  private async settle(undo: JournalledUndo): Promise<Settled> {
    const row = await this.journal.find(undo.id);
    const unfinished = row?.status === 'armed' || row?.status === 'committing';
    const committed = unfinished ? await this.markers.committedNow(row.scopeId) : false;
    const decision = settleDecision(row?.status, committed);
    if (!row || decision === 'skip') return { ran: null };
    if (decision === 'drop') {
      await this.journal.removeScope(row.scopeId);
      return { ran: null };
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
    if (attempts > 1) this.logger.log(`${name} succeeded after ${attempts} attempt(s)`);
    return { ran: row.id };
  }
}

type Settled = { ran: number | null } | { error: unknown };
