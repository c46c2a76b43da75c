import { randomText } from './random-text';

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const RND = /^RND_(\d+)$/;

export interface NameVariables {
  tenant_id: string;
  group_id: string;
}

/** Why a rule cannot be used, or null: only {{tenant_id}}, {{group_id}} and {{RND_n}} (n 1..64) are known. */
export function ruleProblem(rule: string): string | null {
  for (const match of rule.matchAll(PLACEHOLDER)) {
    const name = match[1];
    const random = RND.exec(name);
    if (random && Number(random[1]) >= 1 && Number(random[1]) <= 64) continue;
    if (name !== 'tenant_id' && name !== 'group_id')
      return `unknown variable {{${name}}}: use {{tenant_id}}, {{group_id}} or {{RND_n}} with n from 1 to 64`;
  }
  return null;
}

/** The rule with its variables replaced; each {{RND_n}} draws n fresh random letters and digits. */
export function renderRule(rule: string, variables: NameVariables, random = randomText): string {
  return rule.replace(PLACEHOLDER, (_whole, name: string) => {
    const rnd = RND.exec(name);
    if (rnd) return random(Number(rnd[1]));
    return variables[name as keyof NameVariables];
  });
}

export interface NameRules {
  groupRule: string | null;
  genericRule: string | null;
  /** 0: no check. */
  maxLength: number;
}

/**
 * A generated deviceName: the group rule, or the generic rule when that name is longer than the
 * maximum. Null when the longest still does not fit (the caller says so).
 */
export function generateDeviceName(
  rules: NameRules,
  variables: NameVariables,
  random = randomText,
): string | null {
  if (rules.groupRule === null) return null;
  const fits = (name: string) => rules.maxLength === 0 || name.length <= rules.maxLength;
  const name = renderRule(rules.groupRule, variables, random);
  if (fits(name)) return name;
  if (rules.genericRule === null) return null;
  const generic = renderRule(rules.genericRule, variables, random);
  return fits(generic) ? generic : null;
}
