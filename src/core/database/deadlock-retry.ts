import { setTimeout as sleep } from 'node:timers/promises';
import { isContention } from './database-errors';

const MIN_ATTEMPTS = 10;
/** Beyond the 10 attempts, retries go on while the first began less than this ago: a 503's Retry-After. */
const RETRY_BUDGET_MS = 5_000;
const FIRST_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 500;

/**
 * Full jitter: a random wait up to a doubling ceiling, so the transactions that collided do not meet
 * again. The ceiling starts at the failed attempt's own duration: on a hot row (a tenant's counter on
 * a Galera cluster) an attempt fails after waiting its turn behind the row's other writers, and
 * retrying sooner than that only queues it behind them again.
 */
export const backoffMs = (failedAttempts: number, attemptMs: number, random = Math.random): number =>
  random() * Math.min(MAX_BACKOFF_MS, Math.max(FIRST_BACKOFF_MS, attemptMs) * 2 ** (failedAttempts - 1));

/**
 * Runs a transaction again when the database gave it up to contention (deadlock victim, Galera
 * certification conflict, lock wait timeout): at least 10 attempts, and more while the first began
 * less than 5 s ago, with a jittered backoff. Concurrent upserts of one new key can deadlock however
 * carefully the locks are ordered, and on a cluster two nodes writing one row (a tenant's counter)
 * at once conflict, one of them each time; the more writers, the more attempts the last one needs.
 * `mayRetry` says whether the failed attempt left nothing outside the database to undo.
 */
export function retryOnDeadlock<T>(
  attempt: () => Promise<T>,
  mayRetry: () => boolean = () => true,
): Promise<T> {
  const firstStarted = Date.now();
  // The first attempt, which nearly always succeeds, costs no async frame of its own.
  try {
    return attempt().catch((error: unknown) => retryAfter(error, attempt, firstStarted, mayRetry));
  } catch (error) {
    return retryAfter(error, attempt, firstStarted, mayRetry);
  }
}

/**
 * The attempts after a first one that began at `firstStarted` and failed with `failure`, by the rules
 * of retryOnDeadlock; rejects with `failure` at once when it was not contention. For a caller that
 * learns of the failure itself (a statement's callback), without a promise chained to every attempt.
 */
export async function retryAfter<T>(
  failure: unknown,
  attempt: () => Promise<T>,
  firstStarted: number,
  mayRetry: () => boolean = () => true,
): Promise<T> {
  let error = failure;
  let started = firstStarted;
  for (let tries = 1; ; tries += 1) {
    if (!isContention(error) || !mayRetry()) throw error;
    const now = Date.now();
    const wait = backoffMs(tries, now - started);
    if (tries >= MIN_ATTEMPTS && now + wait - firstStarted > RETRY_BUDGET_MS) throw error;
    await sleep(wait);
    started = Date.now();
    try {
      return await attempt();
    } catch (next) {
      error = next;
    }
  }
}
