import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../../core/audit/audit.service';
import { isUniqueViolation } from '../../core/database/database-errors';
import { ACTIVE_DEVICES } from '../../core/tenancy/tenant-limits';
import { TenantsService } from '../../core/tenancy/tenants.service';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { Events } from '../../core/webhooks/events';
import { deviceIdFor } from './device-id';
import { type DeviceFilter, DevicesRepository } from './devices.repository';
import { DevicesErrorCode, DevicesException } from './devices.exception';
import type { DeviceIdentification } from './dto/device-identification.dto';
import { DeviceResponse } from './dto/device.response';
import { DeviceEntity } from './entities/device.entity';

@Injectable()
export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
    private readonly events: Events,
  ) {}

  /** Adds a device (inactive). The same (SerialNumber, Manufacturer) again is a 409 naming the existing id. */
  async create(
    tenantId: string,
    identification: DeviceIdentification,
    deviceType: string,
  ): Promise<DeviceEntity> {
    await this.tenants.get(tenantId);
    const device = this.newDevice(tenantId, identification, deviceType);
    this.audit.describe({ target: device.id });
    try {
      await this.devices.insert(device);
      await this.published(WebhookEventType.GENETEC_DEVICE_ADDED, device);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new DevicesException(
        HttpStatus.CONFLICT,
        DevicesErrorCode.DEVICE_EXISTS,
        `a device with this SerialNumber and Manufacturer already exists: ${device.id}`,
        {
          location: `/api/v1/tenant/${tenantId}/device/${device.id}`,
        },
      );
    }
    return device;
  }

  /** The device a device-facing call names, registering it (inactive) on first contact. */
  async register(
    tenantId: string,
    identification: DeviceIdentification,
    deviceType: string,
  ): Promise<DeviceEntity> {
    const id = deviceIdFor(identification);
    const existing = await this.devices.findById(tenantId, id);
    if (existing) return existing;
    await this.tenants.get(tenantId);
    const device = this.newDevice(tenantId, identification, deviceType);
    try {
      await this.devices.insert(device);
      return await this.published(WebhookEventType.GENETEC_DEVICE_ADDED, device);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return (await this.devices.findById(tenantId, id)) as DeviceEntity; // registered concurrently
    }
  }

  /** The device a device-facing call names; 404 when it was never added nor negotiated. */
  async identify(tenantId: string, identification: DeviceIdentification): Promise<DeviceEntity> {
    return this.get(tenantId, deviceIdFor(identification));
  }

  async get(tenantId: string, id: string): Promise<DeviceEntity> {
    const device = await this.devices.findById(tenantId, id);
    if (!device) throw DevicesException.deviceNotFound(id);
    return device;
  }

  async list(tenantId: string, filter: DeviceFilter, skip: number, take: number): Promise<DeviceEntity[]> {
    await this.tenants.get(tenantId); // a system admin naming an unknown tenant gets a 404, not []
    return this.devices.list(tenantId, filter, skip, take);
  }

  /**
   * Idempotent; refused once the tenant's active device limit is reached, on every instance at once.
   * Lock order: the device row (an active device is not counted twice), then the tenant's counter,
   * written last so the hot row is held for the shortest time (a refusal rolls the device back).
   */
  async activate(tenantId: string, id: string): Promise<DeviceEntity> {
    const device = await this.lockDevice(tenantId, id);
    if (device.active) return device;
    await this.setActive(device, true);
    if (await this.tenants.takePlace(tenantId, ACTIVE_DEVICES)) return device;
    const { activeDeviceLimit } = await this.tenants.get(tenantId);
    throw new DevicesException(
      HttpStatus.CONFLICT,
      DevicesErrorCode.ACTIVE_DEVICE_LIMIT_REACHED,
      `the tenant's limit of ${activeDeviceLimit} active devices is reached: deactivate one first`,
    );
  }

  /** Idempotent; frees the device's place under the limit. */
  async deactivate(tenantId: string, id: string): Promise<DeviceEntity> {
    const device = await this.lockDevice(tenantId, id);
    if (!device.active) return device;
    await this.setActive(device, false);
    await this.tenants.freePlace(tenantId, ACTIVE_DEVICES);
    return device;
  }

  private async lockDevice(tenantId: string, id: string): Promise<DeviceEntity> {
    const device = await this.devices.findForUpdate(tenantId, id);
    if (!device) throw DevicesException.deviceNotFound(id);
    return device;
  }

  private async setActive(device: DeviceEntity, active: boolean): Promise<DeviceEntity> {
    const updatedAt = new Date();
    await this.devices.setActive(device.tenantId, device.id, active, updatedAt);
    Object.assign(device, { active, updatedAt });
    const type = active
      ? WebhookEventType.GENETEC_DEVICE_ACTIVATED
      : WebhookEventType.GENETEC_DEVICE_DEACTIVATED;
    return this.published(type, device);
  }

  /** In the change's transaction: rolled back with it. */
  private async published(type: WebhookEventType, device: DeviceEntity): Promise<DeviceEntity> {
    await this.events.publish(type, device.tenantId, device.id, DeviceResponse.from(device));
    return device;
  }

  private newDevice(
    tenantId: string,
    identification: DeviceIdentification,
    deviceType: string,
  ): DeviceEntity {
    const now = new Date();
    return Object.assign(new DeviceEntity(), {
      tenantId,
      id: deviceIdFor(identification),
      serialNumber: identification.SerialNumber,
      manufacturer: identification.Manufacturer,
      model: identification.Model ?? null,
      commonName: identification.CommonName ?? null,
      deviceType,
      active: false,
      createdAt: now,
      updatedAt: now,
    });
  }
}
