import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { CommitMarkers } from './commit-markers';
import type { CompensationJournal } from './journal/compensation-journal';
import { type JournalledUndo, runJournalledUndo } from './journal/run-journalled-undo';
import type { UndoHandlers, UndoPayload } from './undo-handlers';

export interface RegisteredUndo {
  /** The side effect turned out not to need undoing (e.g. the remote record existed before). */
  cancel(): Promise<void>;
}

/**
 * The undos one request registered, in order. Each is journalled before the external call it undoes,
 * so a crash at any point leaves a row the reconciler can act on. On failure they run once, newest
 * first; an undo that fails is left `pending` for the reconciler.
 */
export class CompensationScope {
  readonly id = randomUUID();
  private readonly entries: JournalledUndo[] = [];
  private compensated = false;
  /** Whether any undo was ever registered: an external system may have been changed. */
  madeExternalChanges = false;
  private committing = false;
  private readonly logger = new Logger('Compensation');

  constructor(
    private readonly journal: CompensationJournal,
    private readonly handlers: UndoHandlers,
    private readonly markers: CommitMarkers,
    private readonly tenantId: string | null,
    private readonly requestId: string,
  ) {}

  async register(kind: string, payload: UndoPayload): Promise<RegisteredUndo> {
    if (this.compensated || this.committing) throw new Error('compensation scope is closed');
    this.madeExternalChanges = true;
    const id = await this.journal.arm({
      scopeId: this.id,
      tenantId: this.tenantId,
      requestId: this.requestId,
      kind,
      payload,
    });
    const entry: JournalledUndo = { id, kind, payload };
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

  /** After a successful commit: the undos are no longer needed. Never throws. */
  async afterCommit(): Promise<void> {
    if (this.entries.length === 0) return;
    try {
      await this.journal.removeScope(this.id);
      await this.markers.remove(this.id);
    } catch (error) {
      this.logger.warn(`cleanup after commit left rows for the reconciler: ${(error as Error).message}`);
    }
  }

  /**
   * Runs every registered undo once, newest first. When the commit itself failed, the database is
   * asked first: a commit that went through despite the error must not be undone, and when the
   * database cannot tell, the rows stay `committing` for the reconciler to decide later.
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
      await runJournalledUndo(this.handlers, this.journal, entry, 1, this.logger);
    }
  }
}
