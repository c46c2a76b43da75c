import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('spaces calls 1/rate apart in arrival order, and refuses a turn further away than the wait allowed', async () => {
    const limiter = new RateLimiter(10); // a turn every 100 ms
    const settled: string[] = [];
    const call = (name: string) =>
      limiter
        .take(250)
        .then((taken) => settled.push(`${name}:${taken ? Date.now() - 1_000_000 : 'refused'}`));
    const calls = ['a', 'b', 'c', 'd', 'e'].map(call); // turns at 0, 100, 200; d's would be 300 ms away
    // The refused ones took no turn: one that may wait longer gets the turn after c's.
    const patient = limiter
      .take(300)
      .then((taken) => settled.push(`f:${taken ? Date.now() - 1_000_000 : 'refused'}`));
    await jest.advanceTimersByTimeAsync(1000);
    await Promise.all([...calls, patient]);
    expect(settled).toEqual(['a:0', 'd:refused', 'e:refused', 'b:100', 'c:200', 'f:300']);
  });
});
