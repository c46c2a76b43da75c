import { Injectable } from '@nestjs/common';

/** What an undo needs to know, journalled as JSON: flat and serializable by construction. */
export type UndoPayload = Record<string, string | number | boolean | null>;

/** Undoes one external side effect. Must be idempotent: "already gone" is success. */
export type UndoHandler = (payload: UndoPayload) => Promise<void>;

/**
 * Undos are journalled as data (a kind and a JSON payload), not closures, so another instance or a
 * restarted one can run them. Modules register the handler for each kind at start-up.
 */
@Injectable()
export class UndoHandlers {
  private readonly handlers = new Map<string, UndoHandler>();

  register(kind: string, handler: UndoHandler): void {
    if (this.handlers.has(kind)) throw new Error(`undo handler "${kind}" registered twice`);
    this.handlers.set(kind, handler);
  }

  async run(kind: string, payload: UndoPayload): Promise<void> {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`no undo handler registered for "${kind}"`);
    await handler(payload);
  }
}
