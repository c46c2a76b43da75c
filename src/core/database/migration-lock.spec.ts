import { QueryFailedError } from 'typeorm';
import { backoffDelay, isLockContention, type LockStore, type LockTiming, withLock } from './migration-lock';

const driverError = (code: string) =>
  new QueryFailedError('INSERT INTO schema_locks ...', [], Object.assign(new Error(code), { code }));

const FAST: LockTiming = { ttlMs: 60, waitMs: 200, firstDelayMs: 1, maxDelayMs: 4 };

/** One lock row in memory, shared by several holders, with the expiry rule of the SQL store. */
class MemoryStore implements LockStore {
  row?: { holder: string; expiresAt: number };
  takes: string[] = [];
  released: string[] = [];
  failNextTakes: Error[] = [];

  async take(_name: string, holder: string, ttlMs: number): Promise<boolean> {
    this.takes.push(holder);
    const failure = this.failNextTakes.shift();
    if (failure) throw failure;
    if (this.row && this.row.holder !== holder && this.row.expiresAt > Date.now()) return false;
    this.row = { holder, expiresAt: Date.now() + ttlMs };
    return true;
  }

  async renew(_name: string, holder: string, ttlMs: number): Promise<boolean> {
    if (this.row?.holder !== holder) return false;
    this.row.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async release(_name: string, holder: string): Promise<void> {
    this.released.push(holder);
    if (this.row?.holder === holder) this.row = undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('isLockContention', () => {
  it('reads a duplicate key and a certification failure (deadlock 1213) as "another holder"', () => {
    expect(isLockContention(driverError('ER_DUP_ENTRY'))).toBe(true);
    expect(isLockContention(driverError('ER_LOCK_DEADLOCK'))).toBe(true);
  });

  it('does not hide other failures', () => {
    expect(isLockContention(driverError('ER_ACCESS_DENIED_ERROR'))).toBe(false);
    expect(isLockContention(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});

describe('backoffDelay', () => {
  const timing: LockTiming = { ttlMs: 60_000, waitMs: 300_000, firstDelayMs: 100, maxDelayMs: 2_000 };

  it('doubles from the first delay, with jitter between half and all of it', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, timing, () => 1))).toEqual([100, 200, 400, 800]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, timing, () => 0))).toEqual([50, 100, 200, 400]);
  });

  it('stops growing at the cap', () => {
    expect(backoffDelay(10, timing, () => 1)).toBe(2_000);
    expect(backoffDelay(50, timing, () => 1)).toBe(2_000);
  });
});

describe('withLock', () => {
  it('runs the work once it holds the lock, then frees it', async () => {
    const store = new MemoryStore();
    const result = await withLock(store, 'migrations', 'a', async () => store.row?.holder, FAST);
    expect(result).toBe('a');
    expect(store.row).toBeUndefined();
    expect(store.released).toEqual(['a']);
  });

  it('lets concurrent holders run one at a time', async () => {
    const store = new MemoryStore();
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await sleep(10);
      inside -= 1;
    };
    await Promise.all(['a', 'b', 'c'].map((holder) => withLock(store, 'migrations', holder, work, FAST)));
    expect(most).toBe(1);
    expect([...store.released].sort()).toEqual(['a', 'b', 'c']);
  });

  it('retries after a duplicate key or a certification failure', async () => {
    const store = new MemoryStore();
    store.failNextTakes = [driverError('ER_DUP_ENTRY'), driverError('ER_LOCK_DEADLOCK')];
    await withLock(store, 'migrations', 'a', async () => undefined, FAST);
    expect(store.takes).toEqual(['a', 'a', 'a']);
  });

  it('fails at once on an error that is not contention, without running the work', async () => {
    const store = new MemoryStore();
    store.failNextTakes = [driverError('ER_ACCESS_DENIED_ERROR')];
    const work = jest.fn();
    await expect(withLock(store, 'migrations', 'a', work, FAST)).rejects.toThrow('ER_ACCESS_DENIED_ERROR');
    expect(work).not.toHaveBeenCalled();
  });

  it('gives up with a clear error when another live holder keeps the lock past the wait limit', async () => {
    const store = new MemoryStore();
    store.row = { holder: 'other', expiresAt: Date.now() + 10_000 };
    const work = jest.fn();
    await expect(withLock(store, 'migrations', 'a', work, FAST)).rejects.toThrow(
      "could not take the lock 'migrations' within 0.2 s",
    );
    expect(work).not.toHaveBeenCalled();
    expect(store.row.holder).toBe('other');
  });

  it('takes over from a holder that died once its expiry passed', async () => {
    const store = new MemoryStore();
    store.row = { holder: 'dead', expiresAt: Date.now() + 30 };
    const startedAt = Date.now();
    await withLock(store, 'migrations', 'a', async () => undefined, FAST);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25);
    expect(store.released).toEqual(['a']);
  });

  it('renews the expiry while long work runs, so no one else takes the lock meanwhile', async () => {
    const store = new MemoryStore();
    // An expiry a loaded CI worker cannot outstall (renewals every 200 ms, 400 ms of slack), and a
    // second holder that waits out the work.
    const timing = { ...FAST, ttlMs: 600, waitMs: 5_000 };
    const other = sleep(20).then(() =>
      withLock(store, 'migrations', 'b', async () => store.row?.holder, timing),
    );
    const first = withLock(
      store,
      'migrations',
      'a',
      async () => {
        await sleep(3 * timing.ttlMs); // three expiries long
        return store.row?.holder;
      },
      timing,
    );
    await expect(first).resolves.toBe('a');
    await expect(other).resolves.toBe('b');
  });

  it('frees the lock when the work fails, and reports the failure', async () => {
    const store = new MemoryStore();
    await expect(
      withLock(store, 'migrations', 'a', () => Promise.reject(new Error('migration failed')), FAST),
    ).rejects.toThrow('migration failed');
    expect(store.row).toBeUndefined();
  });

  it('reports a lock lost during the work, and frees nothing that is not its own', async () => {
    const store = new MemoryStore();
    const work = async () => {
      store.row = { holder: 'intruder', expiresAt: Date.now() + 10_000 };
      await sleep(FAST.ttlMs); // a renewal tick sees the row is no longer ours
    };
    await expect(withLock(store, 'migrations', 'a', work, FAST)).rejects.toThrow(
      "lost the lock 'migrations'",
    );
    expect(store.row?.holder).toBe('intruder');
  });
});
