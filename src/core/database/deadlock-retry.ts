import { setTimeout as sleep } from 'node:timers/promises';
import { isContention } from './database-errors';

const MAX_ATTEMPTS = 10;
const FIRST_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 500;

/** Full jitter: a random wait up to a doubling ceiling, so the transactions that collided do not meet again. */
export const backoffMs = (failedAttempts: number, random = Math.random): number =>
  random() * Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failedAttempts - 1));

/**
 * Runs a transaction again when the database gave it up to contention (deadlock victim, Galera
 * certification conflict, lock wait timeout), up to 10 attempts with a jittered backoff (at most
 * ~1.6 s of waits in all). Concurrent upserts of one new key can deadlock however carefully the
 * locks are ordered, and on a cluster two nodes writing one row (a tenant's counter) at once
 * conflict, one of them each time. `mayRetry` says whether the failed attempt left nothing outside
 * the database to undo.
 */
export async function retryOnDeadlock<T>(
  attempt: () => Promise<T>,
  mayRetry: () => boolean = () => true,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isContention(error) || !mayRetry() || tries >= MAX_ATTEMPTS) throw error;
      await sleep(backoffMs(tries));
    }
  }
}
