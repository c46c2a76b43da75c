import type { CompensationStatus } from './journal/compensation.entity';

/**
 * What to do with an undo found on a key whose lock the caller holds. Holding the lock proves the
 * request that registered it is no longer inside its transaction (it took the lock before its
 * external call), so its commit marker now tells for sure whether it committed.
 * - `skip`: already done (or removed) by someone who held the lock before;
 * - `drop`: its request committed, the change stays: forget the request's undos;
 * - `run`: its request rolled back or died before commit: undo now (the handler re-checks the world).
 */
export type SettleDecision = 'skip' | 'drop' | 'run';

export function settleDecision(status: CompensationStatus | undefined, committed: boolean): SettleDecision {
  if (status === undefined || status === 'done') return 'skip';
  if (status === 'pending') return 'run';
  return committed ? 'drop' : 'run';
}

/** Leases stay short: a claim of a killed process is free again after this many passes. */
export const LEASE_INTERVALS = 3;
const MIN_LEASE_MS = 250;

/**
 * How long a reconciler's claim on one pending undo lasts: a few reconciler intervals, so what a
 * killed process claimed waits no more than that. Correctness never depends on it: an undo runs
 * holding its key's lock and re-reads its status first, so a second runner finds it done.
 */
export function leaseMs(reconcilerIntervalMs: number): number {
  return Math.max(MIN_LEASE_MS, LEASE_INTERVALS * reconcilerIntervalMs);
}
