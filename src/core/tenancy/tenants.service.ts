import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../database/database-errors';
import { PlatformException } from '../http/app.exception';
import type { CreateTenantDto } from './dto/create-tenant.dto';
import type { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantEntity } from './entities/tenant.entity';
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
   * The tenant, locked until the transaction ends: changes that must respect one of its limits
   * (active devices, accepted auth sets) take turns here, on every instance (ARCHITECTURE rule 9).
   */
  async lockForLimits(id: string): Promise<TenantEntity> {
    const tenant = await this.tenants.findForUpdate(id);
    if (!tenant) throw PlatformException.notFound('tenant');
    return tenant;
  }

  list(skip: number, take: number): Promise<TenantEntity[]> {
    return this.tenants.list(skip, take);
  }

  async update(id: string, dto: UpdateTenantDto): Promise<TenantEntity> {
    const tenant = await this.get(id);
    const changes = {
      name: dto.name ?? tenant.name,
      activeDeviceLimit: dto.activeDeviceLimit ?? tenant.activeDeviceLimit,
      acceptedDeviceLimit:
        dto.acceptedDeviceLimit === undefined ? tenant.acceptedDeviceLimit : dto.acceptedDeviceLimit,
    };
    await this.tenants.update(id, changes);
    return Object.assign(tenant, changes);
  }
}
