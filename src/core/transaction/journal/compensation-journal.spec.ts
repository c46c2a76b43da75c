import { backoffMs } from './compensation-journal';

describe('backoffMs', () => {
  it('doubles from 1 s with each attempt', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('waits 1 s before a first attempt', () => {
    expect(backoffMs(0)).toBe(1000);
  });

  it('is capped at 10 minutes', () => {
    expect(backoffMs(10)).toBe(512_000);
    expect(backoffMs(11)).toBe(600_000);
    expect(backoffMs(1000)).toBe(600_000);
  });
});
