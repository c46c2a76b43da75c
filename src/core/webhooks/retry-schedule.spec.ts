import { MAX_RETRY_DELAY_MS, retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  it('doubles with each failed attempt, between half and all of the doubled wait', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 1000, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 1000, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('spreads retries at random within the window', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(3, 1000)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(2000);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(4000);
  });

  it('is capped', () => {
    expect(retryDelayMs(60, 1000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });
});
