import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../database/database-errors';
import { PlatformException } from '../http/app.exception';
import type { CreateTenantDto } from './dto/create-tenant.dto';
import type { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantEntity } from './entities/tenant.entity';
import type { TenantLimit } from './tenant-limits';
import { TenantsRepository } from './tenants.repository';

export const MANAGEMENT_TENANT = 'management';
export const DEFAULT_ACTIVE_DEVICE_LIMIT = 100;

@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateTenantDto): Promise<TenantEntity> {
    const tenant = Object.assign(new TenantEntity(), {
      id: dto.id,
      name: dto.name,
      activeDeviceLimit: dto.activeDeviceLimit ?? DEFAULT_ACTIVE_DEVICE_LIMIT,
      acceptedDeviceLimit: dto.acceptedDeviceLimit ?? null,
      activeDeviceCount: 0,
      acceptedDeviceCount: 0,
      mobilePhonesPerUser: dto.mobilePhonesPerUser ?? null,
      mobilePhonesTotal: dto.mobilePhonesTotal ?? null,
      mobilePhoneCount: 0,
      createdAt: new Date(),
    });
    try {
      await this.tenants.insert(tenant);
    } catch (error) {
      if (isUniqueViolation(error)) throw PlatformException.conflict(`tenant "${dto.id}" already exists`);
      throw error;
    }
    this.audit.describe({ target: tenant.id });
    return tenant;
  }

  async get(id: string): Promise<TenantEntity> {
    const tenant = await this.tenants.findById(id);
    if (!tenant) throw PlatformException.notFound('tenant');
    return tenant;
  }

  /**
   * Takes one place under a limit, or answers false when none is left. A lowered limit refuses new
   * places until the count is below it; what is already counted stays. Callers lock the row that
   * changes first (the device, the auth set), then come here: one lock order everywhere.
   */
  takePlace(id: string, limit: TenantLimit): Promise<boolean> {
    return this.tenants.increment(id, limit);
  }

  /** Gives a place back, in the transaction that ends what took it. */
  freePlace(id: string, limit: TenantLimit): Promise<void> {
    return this.tenants.decrement(id, limit);
  }

  list(skip: number, take: number): Promise<TenantEntity[]> {
    return this.tenants.list(skip, take);
  }

  async update(id: string, dto: UpdateTenantDto): Promise<TenantEntity> {
    const tenant = await this.get(id);
    const changes = {
      name: dto.name ?? tenant.name,
      activeDeviceLimit: dto.activeDeviceLimit ?? tenant.activeDeviceLimit,
      acceptedDeviceLimit: orKept(dto.acceptedDeviceLimit, tenant.acceptedDeviceLimit),
      mobilePhonesPerUser: orKept(dto.mobilePhonesPerUser, tenant.mobilePhonesPerUser),
      mobilePhonesTotal: orKept(dto.mobilePhonesTotal, tenant.mobilePhonesTotal),
    };
    await this.tenants.update(id, changes);
    return Object.assign(tenant, changes);
  }
}

/** A nullable limit: absent keeps the current value, null removes the limit. */
const orKept = (value: number | null | undefined, current: number | null): number | null =>
  value === undefined ? current : value;
