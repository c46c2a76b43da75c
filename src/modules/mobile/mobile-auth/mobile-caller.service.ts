import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { MobileAuthErrors } from './mobile-auth.errors';
import { MobilePhonesRepository } from './mobile-phones.repository';
import { MobileProfilesRepository } from './mobile-profiles.repository';

/** Who is calling the mobile API, as every mobile route needs it. */
export interface MobileCaller {
  tenantId: string;
  userId: string;
  email: string;
  /** Holds MOBILE_ADMIN (a tenant admin does). */
  isAdmin: boolean;
  zoneAccess: number;
  /** The caller's phone: the token's, or the request's phoneId (checked to be the caller's); null when neither. */
  phoneId: string | null;
}

/** A platform principal is a Primis mobile user when it holds MOBILE_USER or MOBILE_ADMIN (TENANT_ADMIN holds both). */
export const isMobileUser = (principal: Principal): boolean =>
  principal.roles.has(Role.MOBILE_USER) || principal.roles.has(Role.MOBILE_ADMIN);

/**
 * Turns the authenticated principal into the mobile caller. A phone-bound token's session was
 * checked by the JWT strategy on this request; a phoneId sent with it must be the token's. With
 * Basic, a phoneId sent must be registered to the caller. Refusals are Primis 401/403.
 */
@Injectable()
export class MobileCallerService {
  constructor(
    private readonly phones: MobilePhonesRepository,
    private readonly profiles: MobileProfilesRepository,
  ) {}

  async resolve(principal: Principal, phoneId?: string): Promise<MobileCaller> {
    if (!isMobileUser(principal)) throw MobileAuthErrors.notMobileUser();
    const ownPhone = await this.ownPhone(principal, phoneId);
    return {
      tenantId: principal.tenantId,
      userId: principal.userId,
      email: principal.email,
      isAdmin: principal.roles.has(Role.MOBILE_ADMIN),
      zoneAccess: await this.profiles.zoneAccessOf(principal.userId),
      phoneId: ownPhone,
    };
  }

  /** The user who registered this phone in the tenant (admin routes `/api/mobile/{phoneId}/...`), if any. */
  ownerOfPhone(tenantId: string, phoneId: string): Promise<string | undefined> {
    return this.phones.ownerOf(tenantId, phoneId);
  }

  private async ownPhone(principal: Principal, phoneId: string | undefined): Promise<string | null> {
    if (principal.phone !== null) {
      if (phoneId !== undefined && phoneId !== principal.phone.phoneId)
        throw MobileAuthErrors.invalidAccessToken();
      return principal.phone.phoneId;
    }
    if (phoneId === undefined) return null;
    if ((await this.phones.ownerOf(principal.tenantId, phoneId)) !== principal.userId)
      throw MobileAuthErrors.phoneNotRegistered();
    return phoneId;
  }
}
