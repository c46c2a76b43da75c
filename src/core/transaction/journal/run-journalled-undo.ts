import type { Logger } from '@nestjs/common';
import type { UndoHandlers, UndoPayload } from '../undo-handlers';
import type { CompensationJournal } from './compensation-journal';

export interface JournalledUndo {
  id: number;
  kind: string;
  payload: UndoPayload;
  /** The external key it acts on; keyed undos run through UndoRunner, holding the key's lock. */
  key?: string | null;
}

/**
 * Runs one journalled undo and records the outcome: `done`, or `pending` with backoff for the
 * reconciler. Never throws, so one failing undo (or journal write) never stops the others; a row
 * the journal could not update stays as it was and the reconciler finds it again. True when it ran.
 */
export async function runJournalledUndo(
  handlers: UndoHandlers,
  journal: CompensationJournal,
  undo: JournalledUndo,
  attempts: number,
  logger: Logger,
): Promise<boolean> {
  const name = `undo ${undo.kind} #${undo.id}`;
  try {
    await handlers.run(undo.kind, undo.payload);
  } catch (error) {
    logger.error(`${name} failed (attempt ${attempts}), left to the reconciler: ${(error as Error).message}`);
    await journal.markPending(undo.id, attempts, (error as Error).message).catch((journalError: Error) => {
      logger.error(`${name} stays as journalled: ${journalError.message}`);
    });
    return false;
  }
  await journal.markDone(undo.id).catch((error: Error) => {
    logger.error(`${name} ran but stays as journalled (it is idempotent): ${error.message}`);
  });
  return true;
}
