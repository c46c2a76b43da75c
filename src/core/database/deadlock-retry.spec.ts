import { QueryFailedError } from 'typeorm';
import { backoffMs, retryOnDeadlock } from './deadlock-retry';

const failure = (code: string) =>
  new QueryFailedError('UPDATE tenants ...', [], Object.assign(new Error(code), { code }));

/** Fails with each given error in turn, then answers 'done'. */
const failingWith = (...errors: Error[]) => {
  const attempt = jest.fn(async () => {
    const error = errors[attempt.mock.calls.length - 1];
    if (error) throw error;
    return 'done';
  });
  return attempt;
};

describe('retryOnDeadlock', () => {
  it('runs the transaction again after a deadlock, a certification conflict or a lock wait timeout', async () => {
    const attempt = failingWith(failure('ER_LOCK_DEADLOCK'), failure('ER_LOCK_WAIT_TIMEOUT'));
    await expect(retryOnDeadlock(attempt)).resolves.toBe('done');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  describe('with a clock that moves on by each attempt', () => {
    let now = 0;
    beforeEach(() => {
      now = 0;
      jest.spyOn(Date, 'now').mockImplementation(() => now);
      jest.spyOn(Math, 'random').mockReturnValue(0); // no wait between attempts
    });
    afterEach(() => jest.restoreAllMocks());
    /** Fails with contention `failures` times, each attempt taking `ms` on the clock. */
    const contended = (failures: number, ms: number) => {
      const attempt = jest.fn(async () => {
        now += ms;
        if (attempt.mock.calls.length <= failures) throw failure('ER_LOCK_DEADLOCK');
        return 'done';
      });
      return attempt;
    };

    it('goes on past 10 attempts while the first began less than 5 s ago', async () => {
      const attempt = contended(14, 100);
      await expect(retryOnDeadlock(attempt)).resolves.toBe('done');
      expect(attempt).toHaveBeenCalledTimes(15);
    });

    it('gives up with the last error once 10 attempts are spent and 5 s have passed', async () => {
      const slow = contended(100, 400);
      await expect(retryOnDeadlock(slow)).rejects.toThrow('ER_LOCK_DEADLOCK');
      expect(slow).toHaveBeenCalledTimes(13); // 12 failures by 4.8 s, the 13th at 5.2 s
      const slower = contended(100, 1_000);
      await expect(retryOnDeadlock(slower)).rejects.toThrow('ER_LOCK_DEADLOCK');
      expect(slower).toHaveBeenCalledTimes(10);
    });
  });

  it('never repeats other errors, nor an attempt that changed something outside the database', async () => {
    const other = failingWith(failure('ER_DUP_ENTRY'));
    await expect(retryOnDeadlock(other)).rejects.toThrow('ER_DUP_ENTRY');
    expect(other).toHaveBeenCalledTimes(1);
    const external = failingWith(failure('ER_LOCK_DEADLOCK'));
    await expect(retryOnDeadlock(external, () => false)).rejects.toThrow('ER_LOCK_DEADLOCK');
    expect(external).toHaveBeenCalledTimes(1);
  });
});

describe('backoffMs', () => {
  it("waits a random time under a ceiling that doubles from the failed attempt's duration (at least 5 ms) up to 500 ms", () => {
    expect([1, 2, 3, 7, 8, 20].map((failed) => backoffMs(failed, 0, () => 1))).toEqual([
      5, 10, 20, 320, 500, 500,
    ]);
    expect([1, 2, 3, 4].map((failed) => backoffMs(failed, 60, () => 1))).toEqual([60, 120, 240, 480]);
    expect(backoffMs(1, 900, () => 1)).toBe(500);
    expect(backoffMs(3, 0, () => 0.5)).toBe(10);
    expect(backoffMs(3, 0, () => 0)).toBe(0);
  });
});
