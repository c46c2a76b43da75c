import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';

/** Who calls a mobile route: the user, their tenant, whether they are a Primis admin, and their phone. */
export interface MobileCaller {
  tenantId: string;
  userId: string;
  email: string;
  isAdmin: boolean;
  phoneId: string | null;
}

export const mobileCaller = (principal: Principal, phoneId: string | null = null): MobileCaller => ({
  tenantId: principal.tenantId,
  userId: principal.userId,
  email: principal.email,
  isAdmin: principal.roles.has(Role.MOBILE_ADMIN),
  phoneId,
});
