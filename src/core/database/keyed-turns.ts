/**
 * Work that runs one piece at a time per key in this process, in arrival order; other keys run
 * alongside. Not a lock between instances (a guarded write in the database keeps the invariant):
 * it keeps one instance's writers of a hot row out of that row's lock queue in the database, where
 * on a Galera cluster one certification conflict from another node aborts the holder and the queue
 * behind it re-forms, one attempt per waiter.
 */
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = turn.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return turn;
  }

  /** Keys with work running or waiting: a key leaves once its last turn settled. */
  get busyKeys(): number {
    return this.tails.size;
  }
}
