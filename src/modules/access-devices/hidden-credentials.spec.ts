import { hiddenCredentials, hiddenUserName, legacyPassword, rulePassword } from './hidden-credentials';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('hidden credentials', () => {
  it('meet every minimum of MINIMUM_PASSWORD_RULES.DEVICE, never shorter than 16', () => {
    const rules = {
      PASSWORD_MIN_SPECIAL_CHARACTERS: 3,
      PASSWORD_MIN_UPPERCASE_LETTERS: 4,
      PASSWORD_MIN_LOWERCASE_LETTERS: 2,
      PASSWORD_MIN_DIGITS: 5,
      PASSWORD_MIN_LENGTH: 24,
    };
    for (let i = 0; i < 200; i += 1) {
      const password = rulePassword(rules);
      expect(password).toHaveLength(24);
      expect(count(password, /[^A-Za-z0-9]/g)).toBeGreaterThanOrEqual(3);
      expect(count(password, /[A-Z]/g)).toBeGreaterThanOrEqual(4);
      expect(count(password, /[a-z]/g)).toBeGreaterThanOrEqual(2);
      expect(count(password, /\d/g)).toBeGreaterThanOrEqual(5);
    }
    const short = { ...rules, PASSWORD_MIN_SPECIAL_CHARACTERS: 0, PASSWORD_MIN_LENGTH: 8 };
    expect(rulePassword(short)).toHaveLength(16);
  });

  it('use the legacy 16 letters and digits when NEW_PASSWORD_RESET_GEN is false', () => {
    expect(legacyPassword()).toMatch(/^[A-Za-z0-9]{16}$/);
    const rules = {
      PASSWORD_MIN_SPECIAL_CHARACTERS: 10,
      PASSWORD_MIN_UPPERCASE_LETTERS: 0,
      PASSWORD_MIN_LOWERCASE_LETTERS: 0,
      PASSWORD_MIN_DIGITS: 0,
      PASSWORD_MIN_LENGTH: 30,
    };
    const credentials = hiddenCredentials('dev', { newPasswordGeneration: false, rules, prefixLength: 8 });
    expect(credentials.password).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('name the main device by a random prefix of DEVICE_CREDENTIAL_PREFIX_LEN and the user part of its name', () => {
    expect(hiddenUserName('alice@acme.example', 8)).toMatch(/^[A-Za-z0-9]{8}alice$/);
    expect(hiddenUserName('DP_ApioUserTest', 0)).toBe('DP_ApioUserTest');
    expect(hiddenUserName('x', 8)).not.toBe(hiddenUserName('x', 8));
  });
});
