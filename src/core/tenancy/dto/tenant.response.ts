import type { TenantEntity } from '../entities/tenant.entity';

export class TenantResponse {
  /** @example genetec */
  id: string;
  name: string;
  activeDeviceLimit: number;
  /** Null: no limit. */
  acceptedDeviceLimit: number | null;
  createdAt: Date;

  static from({ id, name, activeDeviceLimit, acceptedDeviceLimit, createdAt }: TenantEntity): TenantResponse {
    return Object.assign(new TenantResponse(), {
      id,
      name,
      activeDeviceLimit,
      acceptedDeviceLimit,
      createdAt,
    });
  }
}
