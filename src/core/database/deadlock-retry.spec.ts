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

  it('gives up after 10 attempts with the last error', async () => {
    const attempt = failingWith(...Array.from({ length: 10 }, () => failure('ER_LOCK_DEADLOCK')));
    await expect(retryOnDeadlock(attempt)).rejects.toThrow('ER_LOCK_DEADLOCK');
    expect(attempt).toHaveBeenCalledTimes(10);
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
  it('waits a random time under a ceiling that doubles from 5 ms up to 500 ms', () => {
    expect([1, 2, 3, 7, 8, 20].map((failed) => backoffMs(failed, () => 1))).toEqual([
      5, 10, 20, 320, 500, 500,
    ]);
    expect(backoffMs(3, () => 0.5)).toBe(10);
    expect(backoffMs(3, () => 0)).toBe(0);
  });
});
