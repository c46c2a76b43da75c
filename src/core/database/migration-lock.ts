import { isDeadlock, isUniqueViolation } from './database-errors';

/**
 * Where the lock lives. Each method is one write whose result says whether this holder has the lock,
 * so it holds on a multi-primary cluster where only written rows are certified cluster-wide.
 */
export interface LockStore {
  /**
   * Takes the lock when it is free or its holder's expiry passed: true when this holder now has it;
   * false, or a contention error (see isLockContention), when another holder has it.
   */
  take(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Pushes the expiry forward; false when the lock is no longer this holder's. */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Frees the lock, only if it is still this holder's. */
  release(name: string, holder: string): Promise<void>;
}

export interface LockTiming {
  /** A holder that died stops blocking the others after this long. */
  ttlMs: number;
  /** Give up (with a clear error) after waiting this long for another holder. */
  waitMs: number;
  /** First pause between attempts; doubles up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const MIGRATION_LOCK_TIMING: LockTiming = {
  ttlMs: 60_000,
  waitMs: 300_000,
  firstDelayMs: 100,
  maxDelayMs: 2_000,
};

/**
 * Another instance wrote the lock row at the same moment: a duplicate key on one server, a
 * certification failure (reported as deadlock 1213) between cluster nodes. Both mean "taken".
 */
export const isLockContention = (error: unknown): boolean => isDeadlock(error) || isUniqueViolation(error);

/** Pause before attempt n (0-based): exponential, capped, with jitter so starters spread out. */
export function backoffDelay(
  attempt: number,
  timing: LockTiming,
  random: () => number = Math.random,
): number {
  const base = Math.min(timing.maxDelayMs, timing.firstDelayMs * 2 ** attempt);
  return Math.round(base / 2 + (base / 2) * random());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(store: LockStore, name: string, holder: string, timing: LockTiming): Promise<void> {
  const deadline = Date.now() + timing.waitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (await store.take(name, holder, timing.ttlMs)) return;
    } catch (error) {
      if (!isLockContention(error)) throw error;
    }
    if (Date.now() >= deadline)
      throw new Error(
        `could not take the lock '${name}' within ${timing.waitMs / 1000} s: another instance holds it (it is freed when that instance finishes, or ${timing.ttlMs / 1000} s after it died)`,
      );
    await sleep(backoffDelay(attempt, timing));
  }
}

/**
 * Runs `work` while holding the named lock: waits (bounded) for another holder, renews the expiry
 * while the work runs, and frees the lock afterwards if it is still this holder's. Fails after the
 * work when the lock was lost meanwhile (work that took longer than the expiry with renewals failing).
 */
export async function withLock<T>(
  store: LockStore,
  name: string,
  holder: string,
  work: () => Promise<T>,
  timing: LockTiming = MIGRATION_LOCK_TIMING,
): Promise<T> {
  await acquire(store, name, holder, timing);
  let lost = false;
  const renewal = setInterval(() => {
    store.renew(name, holder, timing.ttlMs).then(
      (held) => (lost ||= !held),
      () => undefined, // a failed renewal is retried at the next tick; the expiry leaves room for two
    );
  }, timing.ttlMs / 3);
  try {
    const result = await work();
    if (lost)
      throw new Error(
        `lost the lock '${name}' while holding it: another instance may have run the same work`,
      );
    return result;
  } finally {
    clearInterval(renewal);
    // A lock that could not be freed (the database went away) expires after ttlMs.
    await store.release(name, holder).catch(() => undefined);
  }
}
