import { leaseMs, settleDecision } from './settle-rules';

describe('settleDecision (the caller holds the key lock)', () => {
  it('skips an undo already done, or removed, by an earlier holder of the lock', () => {
    expect(settleDecision('done', false)).toBe('skip');
    expect(settleDecision(undefined, false)).toBe('skip');
  });

  it('drops the undos of a request that committed, whether it died before cleaning up or not', () => {
    expect(settleDecision('armed', true)).toBe('drop');
    expect(settleDecision('committing', true)).toBe('drop');
  });

  it('runs the undos of a request that rolled back or died before its commit', () => {
    expect(settleDecision('armed', false)).toBe('run');
    expect(settleDecision('committing', false)).toBe('run');
  });

  it('runs a pending undo: its request is known not to have committed', () => {
    expect(settleDecision('pending', false)).toBe('run');
  });
});

describe('leaseMs', () => {
  it('is a few reconciler intervals, so a killed process holds its claim that long at most', () => {
    expect(leaseMs(200)).toBe(600);
    expect(leaseMs(5000)).toBe(15_000);
  });

  it('never drops below 250 ms, whatever the interval', () => {
    expect(leaseMs(10)).toBe(250);
    expect(leaseMs(0)).toBe(250);
  });
});
