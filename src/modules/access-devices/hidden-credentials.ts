import { LETTERS_AND_DIGITS, randomText, shuffle } from './random-text';

export interface PasswordRules {
  PASSWORD_MIN_SPECIAL_CHARACTERS: number;
  PASSWORD_MIN_UPPERCASE_LETTERS: number;
  PASSWORD_MIN_LOWERCASE_LETTERS: number;
  PASSWORD_MIN_DIGITS: number;
  PASSWORD_MIN_LENGTH: number;
}

export interface CredentialSettings {
  newPasswordGeneration: boolean;
  rules: PasswordRules;
  prefixLength: number;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const SPECIAL = '!#$%*+-.=?@_~';
/** A hidden password no one types: never shorter than this, whatever the minimum rules say. */
const HIDDEN_PASSWORD_FLOOR = 16;

/** Meets every minimum of the rules, at least 16 characters, the rest letters and digits, shuffled. */
export function rulePassword(rules: PasswordRules): string {
  const required =
    randomText(rules.PASSWORD_MIN_SPECIAL_CHARACTERS, SPECIAL) +
    randomText(rules.PASSWORD_MIN_UPPERCASE_LETTERS, UPPER) +
    randomText(rules.PASSWORD_MIN_LOWERCASE_LETTERS, LOWER) +
    randomText(rules.PASSWORD_MIN_DIGITS, DIGITS);
  const length = Math.max(rules.PASSWORD_MIN_LENGTH, required.length, HIDDEN_PASSWORD_FLOOR);
  return shuffle(required + randomText(length - required.length, LETTERS_AND_DIGITS));
}

/** NEW_PASSWORD_RESET_GEN false: the legacy fixed recipe, 16 letters and digits, rules ignored. */
export const legacyPassword = (): string => randomText(HIDDEN_PASSWORD_FLOOR);

/** The main device's hidden user name: a random prefix of letters and digits, then the user part of its name. */
export function hiddenUserName(deviceName: string, prefixLength: number): string {
  const userPart = deviceName.split('@')[0];
  return `${randomText(prefixLength)}${userPart}`.slice(0, 255);
}

export function hiddenCredentials(deviceName: string, settings: CredentialSettings) {
  return {
    userName: hiddenUserName(deviceName, settings.prefixLength),
    password: settings.newPasswordGeneration ? rulePassword(settings.rules) : legacyPassword(),
  };
}
