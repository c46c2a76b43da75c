import { ALL_ROLES, Role, effectiveRoles } from './role.enum';

describe('effectiveRoles', () => {
  it('expands TENANT_ADMIN to every role except SYSTEM_ADMIN', () => {
    const roles = effectiveRoles([Role.TENANT_ADMIN]);

    expect([...roles].sort()).toEqual(ALL_ROLES.filter((role) => role !== Role.SYSTEM_ADMIN).sort());
    expect(roles.has(Role.SYSTEM_ADMIN)).toBe(false);
  });

  it('keeps other grants as they are', () => {
    expect([...effectiveRoles([Role.ADMISSION_READ, Role.MOBILE_USER])].sort()).toEqual([
      Role.ADMISSION_READ,
      Role.MOBILE_USER,
    ]);
  });

  it('does not expand SYSTEM_ADMIN', () => {
    expect([...effectiveRoles([Role.SYSTEM_ADMIN])]).toEqual([Role.SYSTEM_ADMIN]);
  });
});
