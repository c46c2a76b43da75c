import { Injectable } from '@nestjs/common';
import { MOBILE_PHONES } from '../../../core/tenancy/tenant-limits';
import { TenantsService } from '../../../core/tenancy/tenants.service';
import { PrimisException } from '../primis.exception';
import { MobilePhonesRepository } from './mobile-phones.repository';
import { MobileProfilesRepository } from './mobile-profiles.repository';

/**
 * Registered phones under the tenant's licence, in the caller's transaction. A phone takes one place
 * on its user's profile row (per-user limit) and one on the tenant row (total), each by one guarded
 * write (ARCHITECTURE rule 9); removing it gives both back. Rows are written in one order everywhere:
 * the phone, its user's profile, the tenant.
 */
@Injectable()
export class PhoneLicenceService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly phones: MobilePhonesRepository,
    private readonly profiles: MobileProfilesRepository,
  ) {}

  /** Registers a new phone with its first session, or throws the spec's licensing 400 (the caller rolls back). */
  async register(
    tenantId: string,
    userId: string,
    phoneId: string,
    sessionId: string,
    perUserLimit: number | null,
  ): Promise<void> {
    await this.phones.insert(tenantId, userId, phoneId, sessionId);
    if (!(await this.profiles.takePhone(tenantId, userId, perUserLimit)))
      throw PrimisException.licenceExceeded();
    if (!(await this.tenants.takePlace(tenantId, MOBILE_PHONES))) throw PrimisException.licenceExceeded();
  }

  /** Removes one of the user's phones; false when the user has no such phone. */
  async remove(tenantId: string, userId: string, phoneId: string): Promise<boolean> {
    if (!(await this.phones.delete(tenantId, userId, phoneId))) return false;
    await this.free(tenantId, userId, 1);
    return true;
  }

  /** Removes every phone of the user (the user leaves the mobile API). */
  async removeAll(tenantId: string, userId: string): Promise<void> {
    await this.free(tenantId, userId, await this.phones.deleteAllOf(tenantId, userId));
  }

  private async free(tenantId: string, userId: string, phones: number): Promise<void> {
    if (phones === 0) return;
    await this.profiles.freePhones(tenantId, userId, phones);
    for (let freed = 0; freed < phones; freed += 1) await this.tenants.freePlace(tenantId, MOBILE_PHONES);
  }
}
