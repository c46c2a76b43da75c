import { Principal } from './principal';
import { ALL_ROLES, Role } from './role.enum';

describe('Principal', () => {
  const user = (...roles: Role[]) => new Principal('u1', 'acme', 'a@acme.test', roles);

  it('holds the effective roles of its grants', () => {
    const principal = user(Role.TENANT_ADMIN);

    expect(principal.roles.has(Role.MANAGE_DEVICES)).toBe(true);
    expect(principal.isSystemAdmin).toBe(false);
  });

  describe('hasAnyRole', () => {
    it('lets any authenticated user through an empty list', () => {
      expect(user().hasAnyRole([])).toBe(true);
    });

    it('needs one of the listed roles', () => {
      const reader = user(Role.ADMISSION_READ);

      expect(reader.hasAnyRole([Role.ADMISSION_ADMIN, Role.ADMISSION_READ])).toBe(true);
      expect(reader.hasAnyRole([Role.ADMISSION_ADMIN])).toBe(false);
    });

    it('lets TENANT_ADMIN satisfy tenant roles but not SYSTEM_ADMIN', () => {
      const admin = user(Role.TENANT_ADMIN);

      expect(admin.hasAnyRole([Role.ROLE_DEVICE_BOOTSTRAP])).toBe(true);
      expect(admin.hasAnyRole([Role.SYSTEM_ADMIN])).toBe(false);
    });

    it('lets SYSTEM_ADMIN satisfy every role', () => {
      const operator = user(Role.SYSTEM_ADMIN);

      expect(operator.isSystemAdmin).toBe(true);
      for (const role of ALL_ROLES) expect(operator.hasAnyRole([role])).toBe(true);
    });
  });

  describe('mayActIn', () => {
    it('allows only its own tenant to a tenant user, even a TENANT_ADMIN', () => {
      const admin = user(Role.TENANT_ADMIN);

      expect(admin.mayActIn('acme')).toBe(true);
      expect(admin.mayActIn('globex')).toBe(false);
    });

    it('allows any tenant to SYSTEM_ADMIN', () => {
      expect(user(Role.SYSTEM_ADMIN).mayActIn('globex')).toBe(true);
    });
  });
});
