import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../core/database/lean-query';
import { findForUpdate } from '../../core/database/row-lock';
import { MAX_PORTS } from './dto/phone-type.dto';
import { AccessDeviceEntity } from './entities/access-device.entity';
import { AccessDevicePortEntity } from './entities/access-device-port.entity';

export interface DeviceListRow {
  id: number;
  status: string;
  device_name: string;
  version: string;
  mac_address: string | null;
  net_address: string;
  device_type: string;
  free_ports: number | string;
}

/** `available_ports_for`: devices of that name or type. */
export type ListFilter = { nameOrType?: string };

/** Access devices of one tenant's group, and their line ports. */
@Injectable()
export class AccessDevicesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get manager() {
    return this.txHost.tx;
  }

  /** The list with freePorts, in one statement (ARCHITECTURE rule 8): each count is a seek on the ports' key. */
  async list(tenantId: string, groupId: string, filter: ListFilter): Promise<DeviceListRow[]> {
    const [where, parameters] = groupFilter(tenantId, groupId, filter);
    const sql =
      'SELECT d.id, d.status, d.device_name, d.version, d.mac_address, d.net_address, d.device_type, ' +
      'd.number_of_ports - (SELECT COUNT(*) FROM access_device_ports p WHERE p.device_id = d.id) AS free_ports ' +
      `FROM access_devices d WHERE ${where} ORDER BY d.device_name`;
    return (await leanQuery<DeviceListRow>(this.manager, sql, parameters)).records;
  }

  /**
   * Free ports of the listed devices, computed by the database: every port number up to the
   * device's numberOfPorts (a recursive CTE counting to the largest of them) that no user holds.
   */
  async availablePorts(tenantId: string, groupId: string, filter: ListFilter & { deviceId?: number }) {
    const [where, parameters] = groupFilter(tenantId, groupId, filter);
    const byId = filter.deviceId === undefined ? [] : [filter.deviceId];
    const condition = `${where}${byId.length ? ' AND d.id = ?' : ''}`;
    const [{ most }] = (
      await leanQuery<{ most: number | null }>(
        this.manager,
        `SELECT MAX(d.number_of_ports) AS most FROM access_devices d WHERE ${condition}`,
        [...parameters, ...byId],
      )
    ).records;
    const byDevice = new Map<number, number[]>();
    if (!most) return byDevice;
    const sql =
      'WITH RECURSIVE numbers (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < ?) ' +
      'SELECT d.id AS device_id, numbers.n AS port FROM access_devices d JOIN numbers ON numbers.n <= d.number_of_ports ' +
      'WHERE NOT EXISTS (SELECT 1 FROM access_device_ports u WHERE u.device_id = d.id AND u.port = numbers.n) ' +
      `AND ${condition} ORDER BY d.id, numbers.n`;
    const values = [Math.min(Number(most), MAX_PORTS), ...parameters, ...byId];
    const rows = (await leanQuery<{ device_id: number; port: number }>(this.manager, sql, values)).records;
    for (const row of rows) {
      const ports = byDevice.get(Number(row.device_id)) ?? [];
      ports.push(Number(row.port));
      byDevice.set(Number(row.device_id), ports);
    }
    return byDevice;
  }

  find(tenantId: string, groupId: string, deviceName: string): Promise<AccessDeviceEntity | null> {
    return this.manager.findOneBy(AccessDeviceEntity, { tenantId, groupId, deviceName });
  }

  /** Locks the device until the transaction ends: changes, deletes and port assignments of one device take turns. */
  findForUpdate(tenantId: string, groupId: string, deviceName: string): Promise<AccessDeviceEntity | null> {
    return findForUpdate(this.manager, AccessDeviceEntity, { tenantId, groupId, deviceName });
  }

  /** The device holding a MAC, locked: an undo re-checks it against what is committed now. */
  holderOfMac(tenantId: string, macAddress: string): Promise<AccessDeviceEntity | null> {
    return findForUpdate(this.manager, AccessDeviceEntity, { tenantId, macAddress });
  }

  nameTaken(tenantId: string, groupId: string, deviceName: string): Promise<boolean> {
    return this.manager.existsBy(AccessDeviceEntity, { tenantId, groupId, deviceName });
  }

  /** Sets the device's generated id. */
  async insert(device: AccessDeviceEntity): Promise<void> {
    const { id: _none, ...values } = device;
    const result = await this.manager.insert(AccessDeviceEntity, values);
    device.id = Number(result.identifiers[0].id);
  }

  async update(device: AccessDeviceEntity): Promise<void> {
    const { id, ...values } = device;
    await this.manager.update(AccessDeviceEntity, { id, tenantId: device.tenantId }, values);
  }

  async delete(device: AccessDeviceEntity): Promise<void> {
    await this.manager.delete(AccessDevicePortEntity, { deviceId: device.id });
    await this.manager.delete(AccessDeviceEntity, { id: device.id, tenantId: device.tenantId });
  }

  ports(device: AccessDeviceEntity): Promise<AccessDevicePortEntity[]> {
    return this.manager.find(AccessDevicePortEntity, {
      where: { deviceId: device.id },
      order: { port: 'ASC' },
    });
  }

  countPorts(device: AccessDeviceEntity): Promise<number> {
    return this.manager.countBy(AccessDevicePortEntity, { deviceId: device.id });
  }

  findPortForUpdate(device: AccessDeviceEntity, port: number): Promise<AccessDevicePortEntity | null> {
    return findForUpdate(this.manager, AccessDevicePortEntity, { deviceId: device.id, port });
  }

  async insertPort(assignment: AccessDevicePortEntity): Promise<void> {
    await this.manager.insert(AccessDevicePortEntity, assignment);
  }

  async deletePort(device: AccessDeviceEntity, port: number): Promise<boolean> {
    const { affected } = await this.manager.delete(AccessDevicePortEntity, { deviceId: device.id, port });
    return (affected ?? 0) > 0;
  }
}

function groupFilter(tenantId: string, groupId: string, filter: ListFilter): [string, unknown[]] {
  if (filter.nameOrType === undefined) return ['d.tenant_id = ? AND d.group_id = ?', [tenantId, groupId]];
  return [
    'd.tenant_id = ? AND d.group_id = ? AND (d.device_name = ? OR d.device_type = ?)',
    [tenantId, groupId, filter.nameOrType, filter.nameOrType],
  ];
}
