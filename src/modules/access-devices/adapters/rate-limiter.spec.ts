import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('spaces calls 1/rate apart in arrival order, and refuses a turn further away than the wait allowed', async () => {
    const limiter = new RateLimiter(10); // a turn every 100 ms
    const settled: string[] = [];
    const call = (name: string, maxWaitMs = 250) =>
      limiter
        .take(maxWaitMs)
        .then((taken) => settled.push(`${name}:${taken ? Date.now() - 1_000_000 : 'refused'}`));
    // Turns at 0, 100 and 200 ms; d's would be 300 ms away.
    const calls = ['a', 'b', 'c', 'd', 'e'].map((name) => call(name));
    // The refused ones took no turn: one that may wait longer gets the turn after c's.
    const patient = call('f', 300);
    await jest.advanceTimersByTimeAsync(1000);
    await Promise.all([...calls, patient]);
    expect(settled).toEqual(['a:0', 'd:refused', 'e:refused', 'b:100', 'c:200', 'f:300']);
  });
});
