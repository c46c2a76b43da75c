import { Role, effectiveRoles } from './role.enum';

/** The authenticated caller, as guards and handlers see it (`@CurrentUser()`). */
export class Principal {
  readonly roles: ReadonlySet<Role>;

  constructor(
    readonly userId: string,
    readonly tenantId: string,
    readonly email: string,
    granted: readonly Role[],
  ) {
    this.roles = effectiveRoles(granted);
  }

  get isSystemAdmin(): boolean {
    return this.roles.has(Role.SYSTEM_ADMIN);
  }

  /** SYSTEM_ADMIN satisfies every role; anyone else needs one of those listed. */
  hasAnyRole(required: readonly Role[]): boolean {
    return this.isSystemAdmin || required.length === 0 || required.some((role) => this.roles.has(role));
  }

  mayActIn(tenantId: string): boolean {
    return this.isSystemAdmin || this.tenantId === tenantId;
  }
}
