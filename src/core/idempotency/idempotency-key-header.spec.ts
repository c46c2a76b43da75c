import { AppException } from '../http/app.exception';
import { parseIdempotencyKey } from './idempotency-key-header';

describe('parseIdempotencyKey', () => {
  it('reads the draft sf-string and the bare token alike', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(parseIdempotencyKey('"with space"')).toBe('with space');
    expect(parseIdempotencyKey(`"${'k'.repeat(255)}"`)).toHaveLength(255);
  });

  it.each([
    ['empty', ''],
    ['an empty string', '""'],
    ['256 characters', 'k'.repeat(256)],
    ['a bare space', 'two words'],
    ['a quote inside', '"a"b"'],
    ['a backslash escape', '"a\\"b"'],
    ['a non-ASCII character', 'clé'],
    ['two keys joined by a proxy', '"a", "b"'],
  ])('refuses %s with a 400', (_case, value) => {
    expect(() => parseIdempotencyKey(value)).toThrow(AppException);
    expect(() => parseIdempotencyKey(value)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('refuses the header sent twice', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(expect.objectContaining({ status: 400 }));
  });
});
