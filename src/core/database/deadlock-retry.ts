import { isDeadlock } from './database-errors';

const MAX_ATTEMPTS = 3;

/**
 * Runs a transaction again when InnoDB rolled it back as a deadlock victim (concurrent upserts of
 * one new key can deadlock however carefully the locks are ordered), up to 3 attempts. `mayRetry`
 * says whether the failed attempt left nothing outside the database to undo.
 */
export async function retryOnDeadlock<T>(
  attempt: () => Promise<T>,
  mayRetry: () => boolean = () => true,
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDeadlock(error) || !mayRetry() || tries >= MAX_ATTEMPTS) throw error;
    }
  }
}
