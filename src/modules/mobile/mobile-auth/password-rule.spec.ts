import { judgePassword } from './password-rule';

describe('mobile password rule', () => {
  it.each([
    ['Password1234', 'ok'],
    ['password1234', 'spec-rule'], // no uppercase
    ['PASSWORD1234', 'spec-rule'], // no lowercase
    ['PasswordOnly', 'spec-rule'], // no number
    ['Pa1', 'spec-rule'], // under six
    ['Passw0rd', 'length'], // the spec's rule holds, the platform's 10 does not
    [`Aa1${'x'.repeat(254)}`, 'length'], // 257
    [`Aa1${'x'.repeat(253)}`, 'ok'], // 256
  ])('%s: %s', (password, verdict) => {
    expect(judgePassword(password)).toBe(verdict);
  });
});
