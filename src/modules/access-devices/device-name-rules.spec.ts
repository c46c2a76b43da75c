import { generateDeviceName, renderRule, ruleProblem } from './device-name-rules';

const variables = { tenant_id: 'acme', group_id: 'sales' };
const fixed = (n: number) => 'r'.repeat(n);

describe('device name rules', () => {
  it('replace {{tenant_id}}, {{group_id}} and {{RND_n}} (fresh random characters each time)', () => {
    expect(renderRule('{{tenant_id}}/{{ group_id }}_{{RND_4}}', variables, fixed)).toBe('acme/sales_rrrr');
    const drawn = renderRule('{{RND_36}}', variables);
    expect(drawn).toMatch(/^[A-Za-z0-9]{36}$/);
    expect(renderRule('{{RND_36}}', variables)).not.toBe(drawn);
  });

  it('know only those variables, with n from 1 to 64', () => {
    expect(ruleProblem('{{group_id}}_{{RND_4}}')).toBeNull();
    expect(ruleProblem('{{RND_64}}')).toBeNull();
    expect(ruleProblem('{{RND_0}}')).toMatch(/unknown variable \{\{RND_0\}\}/);
    expect(ruleProblem('{{RND_65}}')).toMatch(/unknown variable/);
    expect(ruleProblem('{{site}}')).toMatch(/unknown variable \{\{site\}\}/);
  });

  it('fall back to the generic rule only when the group rule gives a name too long', () => {
    const rules = { groupRule: '{{group_id}}_{{RND_4}}', genericRule: 'DP_{{RND_36}}', maxLength: 40 };
    expect(generateDeviceName(rules, variables, fixed)).toBe('sales_rrrr');
    expect(generateDeviceName({ ...rules, maxLength: 8 }, variables, fixed)).toBeNull(); // generic is 39 long
    expect(
      generateDeviceName({ ...rules, maxLength: 39 }, { ...variables, group_id: 'x'.repeat(40) }, fixed),
    ).toBe(`DP_${'r'.repeat(36)}`);
    expect(
      generateDeviceName({ ...rules, maxLength: 0 }, { ...variables, group_id: 'x'.repeat(300) }, fixed),
    ).toHaveLength(305);
  });

  it('make no name without a group rule (deviceName is then mandatory)', () => {
    expect(
      generateDeviceName({ groupRule: null, genericRule: 'DP_{{RND_4}}', maxLength: 40 }, variables),
    ).toBeNull();
  });
});
