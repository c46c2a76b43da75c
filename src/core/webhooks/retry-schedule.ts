/** The longest wait between two attempts of one delivery. */
export const MAX_RETRY_DELAY_MS = 3600_000;

/**
 * Wait before the next attempt after `attempts` failed ones: exponential from `baseMs`, capped, with
 * "equal jitter" (half fixed, half random) so receivers coming back up are not hit by every sender
 * at once. `random` is injectable for tests.
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
