import type { Principal } from './principal';
import type { Role } from './role.enum';

/**
 * Why the caller may not use the route, or null when it may. A device principal has no human
 * role: it reaches only routes that admit their own device (`device: 'self'`), whatever their roles.
 */
export function forbiddenReason(
  principal: Principal,
  roles: readonly Role[],
  device: 'self' | null | undefined,
): string | null {
  if (principal.kind === 'device') {
    return device === 'self' ? null : 'a device user may only reach its own device';
  }
  return principal.hasAnyRole(roles) ? null : `requires one of the roles: ${roles.join(', ')}`;
}
