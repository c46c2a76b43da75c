import { availableParallelism } from 'node:os';
import { Algorithm, hash } from '@node-rs/argon2';

/**
 * argon2id for the passwords a CSV sets. CSV passwords are often chosen by people (the spec's own
 * example is `abcd1234`), so no weaker than the platform: OWASP's minimum, in its m=12 MiB, t=3 form
 * rather than the platform's m=19 MiB, t=2 (same CPU cost, equal strength by OWASP's table). A bulk
 * import hashes several at once, and 12 MiB a hash keeps them clear of the import's 64 MiB memory
 * budget. Verification reads the parameters from the hash, so logins need nothing of this.
 * Reasoning and measurements: bench/README.md.
 */
export const BULK_HASH_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 12_288,
  timeCost: 3,
  parallelism: 1,
};

/**
 * Hashes in flight at once: one per core. @node-rs/argon2 hashes on the libuv pool (4 threads by
 * default); more in flight than cores only queues, and would take the pool's threads from file and
 * DNS work of other requests.
 */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism());

export const hashPassword = (password: string): Promise<string> => hash(password, BULK_HASH_OPTIONS);

/** A process-wide turnstile: concurrent imports share the cores instead of multiplying the hashes in flight. */
let inFlight = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight >= HASH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else inFlight += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  }
}

/** Hashes every password, keeping the order, at most HASH_CONCURRENCY at a time in the whole process. */
export function hashAll(passwords: readonly string[]): Promise<string[]> {
  return Promise.all(passwords.map((password) => withHashSlot(() => hashPassword(password))));
}
