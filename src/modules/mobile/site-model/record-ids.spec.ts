import { DatePipe, IntIdPipe, TextIdPipe } from './record-ids';

describe('site model ids in paths', () => {
  it('text ids: 1 to 64 readable characters, exact', () => {
    const pipe = new TextIdPipe();
    for (const id of ['hq', 'rLxR', '110000000000', 'a.b_c~d-e', 'x'.repeat(64)])
      expect(pipe.transform(id)).toBe(id);
    for (const id of ['', 'x'.repeat(65), 'a b', 'a/b', 'é'])
      expect(() => pipe.transform(id)).toThrow(/id must be/);
  });

  it('number ids: 1 to 2^31-1, digits only', () => {
    const pipe = new IntIdPipe();
    expect(pipe.transform('1')).toBe(1);
    expect(pipe.transform('2147483647')).toBe(2_147_483_647);
    for (const id of ['0', '-1', '01', '1.5', '1e3', '2147483648', 'x', ''])
      expect(() => pipe.transform(id)).toThrow(/integer from 1/);
  });

  it('dates: calendar days as YYYY-MM-DD', () => {
    const pipe = new DatePipe();
    expect(pipe.transform('2028-02-29')).toBe('2028-02-29');
    for (const date of ['2026-02-29', '2026-13-01', '2026-1-1', '20260101'])
      expect(() => pipe.transform(date)).toThrow(/calendar date/);
  });
});
