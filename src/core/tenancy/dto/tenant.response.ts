import type { TenantEntity } from '../entities/tenant.entity';

export class TenantResponse {
  /** @example genetec */
  id: string;
  name: string;
  activeDeviceLimit: number;
  createdAt: Date;

  static from({ id, name, activeDeviceLimit, createdAt }: TenantEntity): TenantResponse {
    return Object.assign(new TenantResponse(), { id, name, activeDeviceLimit, createdAt });
  }
}
