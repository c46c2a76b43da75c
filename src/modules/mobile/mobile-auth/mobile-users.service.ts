import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import type { Principal } from '../../../core/auth/principal';
import { effectiveRoles, Role } from '../../../core/auth/role.enum';
import { PlatformException } from '../../../core/http/app.exception';
import type { UserEntity } from '../../../core/tenancy/entities/user.entity';
import { UsersService } from '../../../core/tenancy/users.service';
import { MembershipsService } from '../site-model/memberships.service';
import type { MobilePhoneResponse, MobileUserResponse, PutMobileUserDto } from './dto/mobile-user.dto';
import { MobilePhonesRepository } from './mobile-phones.repository';
import { MobileProfilesRepository } from './mobile-profiles.repository';
import { PhoneLicenceService } from './phone-licence.service';

const MOBILE_ROLES: readonly Role[] = [Role.MOBILE_USER, Role.MOBILE_ADMIN];

/**
 * The mobile users of a tenant: platform users holding MOBILE_USER (and MOBILE_ADMIN for Primis
 * administrators), so the platform's login, audit and password rules apply; their zoneAccess and
 * phone counter on a profile row; their access groups through the site model's MembershipsService.
 * A user who also holds platform roles is changed here only by a tenant admin (a mobile admin could
 * otherwise take over a tenant admin by setting its password).
 */
@Injectable()
export class MobileUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly profiles: MobileProfilesRepository,
    private readonly phones: MobilePhonesRepository,
    private readonly licence: PhoneLicenceService,
    private readonly memberships: MembershipsService,
  ) {}

  /** Creates or replaces the mobile user; `created` says which. */
  async put(
    tenantId: string,
    email: string,
    dto: PutMobileUserDto,
    caller: Principal,
  ): Promise<{ created: boolean; user: MobileUserResponse }> {
    const address = checkedEmail(email);
    const existing = await this.users.findByEmail(tenantId, address);
    const mobileRoles = dto.isAdmin ? [...MOBILE_ROLES] : [Role.MOBILE_USER];
    let user: UserEntity;
    if (existing) {
      mayChange(existing, caller);
      const roles = [...existing.roles.filter((role) => !MOBILE_ROLES.includes(role)), ...mobileRoles];
      user = await this.users.update(tenantId, existing.id, { roles, password: dto.password }, caller);
      // A new password ends the phones' sessions too, as the mobile password change does.
      if (dto.password !== undefined) await this.phones.endSessionsOf(tenantId, user.id);
    } else {
      if (dto.password === undefined)
        throw PlatformException.badRequest('password is required to create a mobile user');
      user = await this.users.create(
        tenantId,
        { email: address, password: dto.password, roles: mobileRoles },
        caller,
      );
    }
    const profile = await this.profiles.find(tenantId, user.id);
    await this.profiles.upsert(tenantId, user.id, dto.zoneAccess, profile !== undefined);
    await this.memberships.replace(tenantId, user.id, dto.accessGroupIds);
    return { created: !existing, user: await this.get(tenantId, address) };
  }

  async get(tenantId: string, email: string): Promise<MobileUserResponse> {
    const user = await this.mobileUser(tenantId, email);
    const profile = await this.profiles.find(tenantId, user.id);
    return {
      id: user.id,
      email: user.email,
      isAdmin: effectiveRoles(user.roles).has(Role.MOBILE_ADMIN),
      zoneAccess: profile?.zoneAccess ?? 0,
      accessGroupIds: await this.memberships.groupIds(tenantId, user.id),
      phoneCount: profile?.phoneCount ?? 0,
    };
  }

  /** A page of the users with a mobile profile (made by this API or at their first mobile login), by email. */
  async list(tenantId: string, skip: number, take: number): Promise<MobileUserResponse[]> {
    const page = await this.profiles.list(tenantId, skip, take);
    const views: MobileUserResponse[] = [];
    for (const profile of page)
      views.push({
        id: profile.userId,
        email: profile.email,
        isAdmin: effectiveRoles(profile.roles.split(',') as Role[]).has(Role.MOBILE_ADMIN),
        zoneAccess: profile.zoneAccess,
        accessGroupIds: await this.memberships.groupIds(tenantId, profile.userId),
        phoneCount: profile.phoneCount,
      });
    return views;
  }

  /**
   * The user leaves the mobile API: its phones (their licence places back), groups and profile go;
   * a user with only mobile roles is deleted, one with platform roles keeps them.
   */
  async delete(tenantId: string, email: string, caller: Principal): Promise<void> {
    const user = await this.mobileUser(tenantId, email);
    mayChange(user, caller);
    const kept = user.roles.filter((role) => !MOBILE_ROLES.includes(role));
    // Either way the platform forgets its mobile rows (through PhoneSessions, in this transaction).
    if (kept.length === 0) await this.users.delete(tenantId, user.id, caller);
    else await this.users.update(tenantId, user.id, { roles: kept }, caller);
  }

  /** The user's phones (their licence places back), profile and memberships go. */
  async forget(tenantId: string, userId: string): Promise<void> {
    await this.licence.removeAll(tenantId, userId);
    await this.profiles.delete(tenantId, userId);
    await this.memberships.removeUser(tenantId, userId);
  }

  async phonesOf(tenantId: string, email: string): Promise<MobilePhoneResponse[]> {
    const user = await this.mobileUser(tenantId, email);
    return this.phones.listOf(tenantId, user.id);
  }

  /**
   * Revokes one phone: its tokens stop at once, its licence places are free. A user with platform roles
   * is a tenant admin's to sign out, as to change.
   */
  async revokePhone(tenantId: string, email: string, phoneId: string, caller: Principal): Promise<void> {
    const user = await this.mobileUser(tenantId, email);
    mayChange(user, caller);
    if (!(await this.licence.remove(tenantId, user.id, phoneId))) throw PlatformException.notFound('phone');
  }

  private async mobileUser(tenantId: string, email: string): Promise<UserEntity> {
    const user = await this.users.findByEmail(tenantId, checkedEmail(email));
    if (!user || !user.roles.some((role) => MOBILE_ROLES.includes(role)))
      throw PlatformException.notFound('mobile user');
    return user;
  }
}

/** The email in the path: an address, lowercased, never a device user's name. */
function checkedEmail(email: string): string {
  const address = email.trim().toLowerCase();
  if (!isEmail(address) || address.length > 254 || address.startsWith('device_'))
    throw PlatformException.badRequest('the path must name the mobile user by its email address');
  return address;
}

/** A user with platform roles beyond the mobile ones is a tenant admin's to change. */
function mayChange(user: UserEntity, caller: Principal): void {
  const platformRoles = user.roles.some((role) => !MOBILE_ROLES.includes(role));
  if (platformRoles && !caller.hasAnyRole([Role.TENANT_ADMIN]))
    throw PlatformException.forbidden('this user holds platform roles: only a tenant admin may change it');
}
