/**
 * Spaces calls to one server at least 1/rate seconds apart, in arrival order. Per instance: with N
 * instances a server sees up to N times the rate (documented with the setting).
 */
export class RateLimiter {
  private next = 0;

  constructor(private readonly perSecond: number) {}

  async take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perSecond;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
