import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isUniqueViolation } from '../../../core/database/database-errors';
import { retryOnDeadlock } from '../../../core/database/deadlock-retry';
import { deviceUsername, DeviceUsersService } from '../../../core/device-users/device-users.service';
import { InventoryWriter, type NewDevice } from '../inventory/inventory-writer.repository';
import type { RowOutcome } from './bulk-report';
import type { DeviceRow } from './csv/device-row';

/** Group ids by path, for one import (groups are created once and committed on their own). */
export type GroupCache = Map<string, string>;

/** The fragments a row adds beyond c8y_IsDevice. */
function fragmentsOf(row: DeviceRow): Record<string, unknown> {
  return {
    ...(row.iccid ? { c8y_Mobile: { iccid: row.iccid } } : {}),
    ...(row.shell ? { c8y_SupportedOperations: ['c8y_Command'] } : {}),
  };
}

/** Writes one batch of valid rows of one tenant: inventory and device users, in one transaction. */
@Injectable()
export class DeviceBatchWriter {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly inventory: InventoryWriter,
    private readonly deviceUsers: DeviceUsersService,
  ) {}

  /**
   * The batch's rows (ids unique within it) with their password hashes. A deadlock, or a concurrent
   * import that added one of these external ids first (unique violation), runs the batch again: the
   * next attempt finds those ids existing.
   */
  async write(tenantId: string, rows: readonly DeviceRow[], hashes: readonly string[], groups: GroupCache) {
    const groupIds = await this.groupsOf(tenantId, rows, groups);
    const write = () => this.txHost.withTransaction(() => this.writeRows(tenantId, rows, hashes, groupIds));
    // Inside an all-or-nothing import's transaction a failure is final: its rollback took the whole import.
    const changes = this.txHost.isTransactionActive()
      ? await write()
      : await retryOnDeadlock(write).catch((error: unknown) => {
          if (isUniqueViolation(error)) return retryOnDeadlock(write);
          throw error;
        });
    return rows.map((row): RowOutcome => ({
      line: row.line,
      deviceId: row.deviceId,
      status: changes.get(row.deviceId) === 'created' ? 'CREATED' : 'CREDENTIAL_UPDATED',
    }));
  }

  /** What write would answer, writing nothing. */
  async preview(tenantId: string, rows: readonly DeviceRow[]): Promise<RowOutcome[]> {
    const existing = await this.deviceUsers.existing(
      tenantId,
      rows.map((row) => row.deviceId),
    );
    return rows.map((row) => ({
      line: row.line,
      deviceId: row.deviceId,
      status: existing.has(row.deviceId) ? 'CREDENTIAL_UPDATED' : 'CREATED',
    }));
  }

  private async writeRows(
    tenantId: string,
    rows: readonly DeviceRow[],
    hashes: readonly string[],
    groupIds: ReadonlyMap<DeviceRow, string>,
  ) {
    const newDevices: NewDevice[] = [];
    for (const [idType, typed] of groupBy(rows, (row) => row.idType)) {
      const existing = await this.inventory.existingExternalIds(
        tenantId,
        idType,
        typed.map((row) => row.deviceId),
      );
      for (const row of typed)
        if (!existing.has(row.deviceId))
          newDevices.push({
            externalId: row.deviceId,
            externalIdType: idType,
            name: row.name ?? null,
            type: row.type ?? null,
            owner: deviceUsername(row.deviceId),
            fragments: fragmentsOf(row),
            groupId: groupIds.get(row) ?? null,
          });
    }
    await this.inventory.insertDevices(tenantId, newDevices);
    const credentials = rows.map((row, index) => ({ deviceId: row.deviceId, passwordHash: hashes[index] }));
    return this.deviceUsers.upsertManyHashed(tenantId, credentials);
  }

  private async groupsOf(tenantId: string, rows: readonly DeviceRow[], groups: GroupCache) {
    const groupIds = new Map<DeviceRow, string>();
    for (const row of rows) {
      if (row.path.length === 0) continue;
      const key = JSON.stringify([tenantId, ...row.path]);
      let groupId = groups.get(key);
      if (!groupId) {
        groupId = await retryOnDeadlock(() => this.inventory.ensureGroupPath(tenantId, row.path));
        groups.set(key, groupId);
      }
      groupIds.set(row, groupId);
    }
    return groupIds;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
