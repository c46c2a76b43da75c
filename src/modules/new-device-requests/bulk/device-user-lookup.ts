import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { deviceKey } from '../../../core/device-users/device-users.repository';
import { placeholders } from '../inventory/multi-row-insert';

/** Which device users already exist: what a dry run needs to tell CREATED from CREDENTIAL_UPDATED without writing. */
@Injectable()
export class DeviceUserLookup {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async existing(tenantId: string, deviceIds: readonly string[]): Promise<Set<string>> {
    if (deviceIds.length === 0) return new Set();
    const byKey = new Map(deviceIds.map((deviceId) => [deviceKey(deviceId), deviceId]));
    const sql = `SELECT device_key FROM device_users WHERE tenant_id = ? AND device_key IN ${placeholders(byKey.size)}`;
    const found = await leanQuery<{ device_key: string }>(this.txHost.tx, sql, [tenantId, ...byKey.keys()]);
    return new Set(found.records.map((row) => byKey.get(row.device_key) as string));
  }
}
