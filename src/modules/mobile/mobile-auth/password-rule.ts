/**
 * The spec's rule for a new mobile password: at least one number, one lowercase and one uppercase
 * letter, and at least six characters. The platform's own bounds apply as well (10 to 256, as for
 * every platform user), so a mobile password is never weaker than an admin's.
 */
export const PLATFORM_PASSWORD_LENGTH = { min: 10, max: 256 } as const;

export type PasswordVerdict = 'ok' | 'spec-rule' | 'length';

export function judgePassword(password: string): PasswordVerdict {
  const specRule =
    /\d/.test(password) && /[a-z]/.test(password) && /[A-Z]/.test(password) && password.length >= 6;
  if (!specRule) return 'spec-rule';
  const { min, max } = PLATFORM_PASSWORD_LENGTH;
  return password.length < min || password.length > max ? 'length' : 'ok';
}
