import { KeyedTurns } from './keyed-turns';

/** A piece of work that finishes when the test says so, and tells whether it started. */
const controlled = () => {
  let finish: (outcome: Error | string) => void = () => undefined;
  const work = {
    started: false,
    run: () => {
      work.started = true;
      return new Promise<string>((resolve, reject) => {
        finish = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      });
    },
    finish: (outcome: Error | string) => finish(outcome),
  };
  return work;
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedTurns', () => {
  it('runs work of one key one at a time, in arrival order', async () => {
    const turns = new KeyedTurns();
    const [first, second, third] = [controlled(), controlled(), controlled()];
    const results = [first, second, third].map((work) => turns.run('tenant-a', work.run));
    await settle();
    expect([first.started, second.started, third.started]).toEqual([true, false, false]);
    first.finish('one');
    await settle();
    expect([second.started, third.started]).toEqual([true, false]);
    second.finish('two');
    await settle();
    third.finish('three');
    await expect(Promise.all(results)).resolves.toEqual(['one', 'two', 'three']);
  });

  it('gives a failure to its own caller and lets the next turn run', async () => {
    const turns = new KeyedTurns();
    const [failing, next] = [controlled(), controlled()];
    const failed = turns.run('tenant-a', failing.run);
    const after = turns.run('tenant-a', next.run);
    await settle();
    failing.finish(new Error('certification conflict'));
    await expect(failed).rejects.toThrow('certification conflict');
    await settle();
    expect(next.started).toBe(true);
    next.finish('done');
    await expect(after).resolves.toBe('done');
  });

  it('runs other keys alongside and forgets a key once its turns settled', async () => {
    const turns = new KeyedTurns();
    const [a, b] = [controlled(), controlled()];
    const results = [turns.run('tenant-a', a.run), turns.run('tenant-b', b.run)];
    await settle();
    expect([a.started, b.started]).toEqual([true, true]);
    expect(turns.busyKeys).toBe(2);
    a.finish('a');
    b.finish('b');
    await Promise.all(results);
    await settle();
    expect(turns.busyKeys).toBe(0);
  });
});
