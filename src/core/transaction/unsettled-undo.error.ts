/**
 * A request could not settle an earlier request's undo on a key it is about to change. It changed
 * nothing outside the database yet; the undo stays pending and a later retry may succeed.
 */
export class UnsettledUndoError extends Error {
  constructor(
    readonly key: string,
    readonly kind: string,
    override readonly cause: unknown,
  ) {
    super(
      `an earlier change to ${key} could not be undone yet: ${(cause as Error)?.message ?? String(cause)}`,
    );
  }
}
