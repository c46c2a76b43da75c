/** The longest a call waits for its turn. */
export const MAX_TURN_WAIT_MS = 10_000;

/**
 * Spaces calls to one server at least 1/rate seconds apart, in arrival order. Per instance: with N
 * instances a server sees up to N times the rate (documented with the setting).
 */
export class RateLimiter {
  private next = 0;

  constructor(private readonly perSecond: number) {}

  /**
   * Waits for the call's turn. A turn further than `maxWaitMs` away is not taken (false): a burst of
   * calls would otherwise queue without bound, each request holding its transaction and its keys' locks
   * while it waits (a thousand calls at 20 a second: the last waits 50 s).
   */
  async take(maxWaitMs = MAX_TURN_WAIT_MS): Promise<boolean> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    if (at - now > maxWaitMs) return false;
    this.next = at + 1000 / this.perSecond;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    return true;
  }
}
