import type { TenantEntity } from '../entities/tenant.entity';

export class TenantResponse {
  /** @example genetec */
  id: string;
  name: string;
  activeDeviceLimit: number;
  /** Genetec devices active now. Above `activeDeviceLimit` only after the limit was lowered. */
  activeDeviceCount: number;
  /** Null: no limit. */
  acceptedDeviceLimit: number | null;
  /** Mender auth sets accepted now, counted with or without a limit. */
  acceptedDeviceCount: number;
  /** Primis phones per mobile user; null: no limit. */
  mobilePhonesPerUser: number | null;
  /** Primis phones in the tenant; null: no limit. */
  mobilePhonesTotal: number | null;
  /** Primis phones registered now. */
  mobilePhoneCount: number;
  createdAt: Date;

  static from(tenant: TenantEntity): TenantResponse {
    const { id, name, activeDeviceLimit, activeDeviceCount, acceptedDeviceLimit, acceptedDeviceCount } =
      tenant;
    return Object.assign(new TenantResponse(), {
      id,
      name,
      activeDeviceLimit,
      activeDeviceCount,
      acceptedDeviceLimit,
      acceptedDeviceCount,
      mobilePhonesPerUser: tenant.mobilePhonesPerUser,
      mobilePhonesTotal: tenant.mobilePhonesTotal,
      mobilePhoneCount: tenant.mobilePhoneCount,
      createdAt: tenant.createdAt,
    });
  }
}
