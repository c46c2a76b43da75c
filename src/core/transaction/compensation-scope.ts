import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { CommitMarkers } from './commit-markers';
import type { CompensationJournal } from './journal/compensation-journal';
import { type JournalledUndo, runJournalledUndo } from './journal/run-journalled-undo';
import type { UndoHandlers, UndoPayload } from './undo-handlers';
import type { UndoRunner } from './undo-runner';

export interface UndoOptions {
  /** The external key the change acts on; the request must hold its lock (see acquire). */
  key?: string;
}

export interface RegisteredUndo {
  /** The side effect turned out not to need undoing (e.g. the remote record existed before). */
  cancel(): Promise<void>;
}

/**
 * The undos one request registered, in order. Each is journalled before the external call it undoes,
 * so a crash at any point leaves a row the reconciler can act on. On failure they run once, newest
 * first, after the rollback; an undo that fails is left `pending` for the reconciler.
 *
 * Work on one external key is ordered: before changing a key the request takes its lock (a write
 * in its transaction) and settles whatever undo another request left open on it.
 */
export class CompensationScope {
  readonly id = randomUUID();
  private readonly entries: JournalledUndo[] = [];
  private readonly held = new Set<string>();
  /** Other requests' undos this request ran while acquiring, by key: done only if it commits. */
  private readonly settledForOthers = new Map<string, number[]>();
  private compensated = false;
  /** Whether any undo was ever registered: an external system may have been changed. */
  madeExternalChanges = false;
  private committing = false;
  private readonly logger = new Logger('Compensation');

  constructor(
    private readonly journal: CompensationJournal,
    private readonly handlers: UndoHandlers,
    private readonly markers: CommitMarkers,
    private readonly runner: UndoRunner,
    private readonly tenantId: string | null,
    private readonly requestId: string,
  ) {}

  /**
   * Inside the request's transaction, before any change on these keys (and before the request's own
   * writes the undo handlers re-check): locks them in sorted order, so two requests never wait for
   * each other, then settles every undo other requests left open on them. Throws
   * UnsettledUndoError, with nothing of this request done outside the database, when one cannot run.
   */
  async acquire(keys: string[]): Promise<void> {
    this.refuseWhenClosed();
    const fresh = [...new Set(keys)].filter((key) => !this.held.has(key)).sort();
    for (const key of fresh) {
      await this.runner.lock(key);
      this.held.add(key);
    }
    for (const key of fresh) {
      const ran = await this.runner.settleKey(key, this.id);
      if (ran.length > 0) this.settledForOthers.set(key, ran);
    }
  }

  async register(kind: string, payload: UndoPayload, options: UndoOptions = {}): Promise<RegisteredUndo> {
    this.refuseWhenClosed();
    const key = options.key ?? null;
    if (key !== null && !this.held.has(key))
      throw new Error(`undo "${kind}" on ${key} registered without its lock`);
    this.madeExternalChanges = true;
    const id = await this.journal.arm({
      scopeId: this.id,
      tenantId: this.tenantId,
      requestId: this.requestId,
      kind,
      payload,
      key,
    });
    const entry: JournalledUndo = { id, kind, payload, key };
    this.entries.push(entry);
    return {
      cancel: async () => {
        const index = this.entries.indexOf(entry);
        if (index < 0) return; // already cancelled
        this.entries.splice(index, 1);
        await this.journal.remove(id);
      },
    };
  }

  private refuseWhenClosed(): void {
    if (this.compensated || this.committing) throw new Error('compensation scope is closed');
  }

  /**
   * Just before commit, inside the transaction: claim the journal rows (a reconciler that already
   * took them over means this request must not commit) and write the commit marker.
   */
  async prepareCommit(): Promise<void> {
    if (this.entries.length === 0) return;
    this.committing = true;
    const claimed = await this.journal.markCommitting(this.id);
    if (claimed !== this.entries.length)
      throw new Error('compensation journal was taken over by the reconciler');
    await this.markers.write(this.id);
  }

  /**
   * After a successful commit: the undos are no longer needed, and those of other requests it ran
   * are done (their events committed with it). Never throws.
   */
  async afterCommit(): Promise<void> {
    await this.runner.markDone([...this.settledForOthers.values()].flat());
    if (this.entries.length === 0) return;
    try {
      await this.journal.removeScope(this.id);
      await this.markers.remove(this.id);
    } catch (error) {
      this.logger.warn(`cleanup after commit left rows for the reconciler: ${(error as Error).message}`);
    }
  }

  /**
   * After the rollback, runs every registered undo once, newest first; a keyed one in a transaction
   * of its own holding the key's lock, so its re-check sees the world without this request's
   * changes. When the commit itself failed, the database is asked first: a commit that went through
   * despite the error must not be undone, and when the database cannot tell, the rows stay
   * `committing` for the reconciler to decide later. Other requests' undos it ran while acquiring
   * rolled back with it (their events too): they run again now, each in a transaction of its own.
   */
  async compensate(): Promise<void> {
    if (this.compensated) return;
    this.compensated = true;
    if (this.committing) {
      const committed = await this.markers.exists(this.id).catch((error: Error) => {
        this.logger.error(
          `cannot tell whether scope ${this.id} committed; left to the reconciler: ${error.message}`,
        );
        return undefined;
      });
      if (committed === undefined) return;
      if (committed) return this.afterCommit();
    }
    for (const entry of [...this.entries].reverse()) {
      if (entry.key) await this.runner.runUnderKey({ ...entry, key: entry.key });
      else await runJournalledUndo(this.handlers, this.journal, entry, 1, this.logger);
    }
    for (const key of this.settledForOthers.keys()) await this.runner.adoptKey(key);
  }
}
