import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { groupKey, newManagedObjectId } from './managed-object-ids';
import { insertRows, placeholders } from './multi-row-insert';

/** A device the import adds to the inventory. */
export interface NewDevice {
  externalId: string;
  externalIdType: string;
  name: string | null;
  type: string | null;
  owner: string;
  /** Fragments beyond c8y_IsDevice (c8y_Mobile, c8y_SupportedOperations). */
  fragments: Record<string, unknown>;
  /** The group it joins, if any. */
  groupId: string | null;
}

const OBJECT_COLUMNS = [
  'tenant_id',
  'id',
  'kind',
  'name',
  'type',
  'owner',
  'fragments',
  'group_key',
  'creation_time',
];

/** The write side of the inventory, as the bulk import uses it: batches, not single rows. */
@Injectable()
export class InventoryWriter {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Which of these external ids (of one type) already name a managed object. */
  async existingExternalIds(
    tenantId: string,
    type: string,
    externalIds: readonly string[],
  ): Promise<Set<string>> {
    if (externalIds.length === 0) return new Set();
    const sql =
      'SELECT external_id FROM external_ids WHERE tenant_id = ? AND type = ? ' +
      `AND external_id IN ${placeholders(externalIds.length)}`;
    const found = await leanQuery<{ external_id: string }>(this.txHost.tx, sql, [
      tenantId,
      type,
      ...externalIds,
    ]);
    return new Set(found.records.map((row) => row.external_id));
  }

  /**
   * The group at the end of `path`, creating the missing ones from the root down. Each group is
   * inserted with INSERT IGNORE on its unique path key and then read back, so concurrent imports
   * (on any instance) creating the same path end with the same single group.
   */
  async ensureGroupPath(tenantId: string, path: readonly string[]): Promise<string> {
    let parentId: string | null = null;
    for (let depth = 1; depth <= path.length; depth += 1) {
      const key = groupKey(path.slice(0, depth));
      const fragments = JSON.stringify({});
      const row = [
        tenantId,
        newManagedObjectId(),
        'group',
        path[depth - 1],
        'c8y_DeviceGroup',
        null,
        fragments,
        key,
      ];
      await insertRows(this.txHost.tx, 'managed_objects', OBJECT_COLUMNS, [[...row, new Date()]], true);
      const found = await leanQuery<{ id: string }>(
        this.txHost.tx,
        'SELECT id FROM managed_objects WHERE tenant_id = ? AND group_key = ?',
        [tenantId, key],
      );
      const groupId = found.records[0].id;
      await insertRows(
        this.txHost.tx,
        'managed_object_fragments',
        ['tenant_id', 'fragment_type', 'managed_object_id'],
        [[tenantId, 'c8y_IsDeviceGroup', groupId]],
        true,
      );
      if (parentId) await this.link(tenantId, [[parentId, groupId]]);
      parentId = groupId;
    }
    return parentId as string;
  }

  /** Adds the devices: their managed objects, fragment index, external ids and group membership. */
  async insertDevices(tenantId: string, devices: readonly NewDevice[]): Promise<void> {
    if (devices.length === 0) return;
    const now = new Date();
    const ids = devices.map(() => newManagedObjectId());
    const objects = devices.map((device, index) => [
      tenantId,
      ids[index],
      'device',
      device.name,
      device.type,
      device.owner,
      JSON.stringify(device.fragments),
      null,
      now,
    ]);
    await insertRows(this.txHost.tx, 'managed_objects', OBJECT_COLUMNS, objects);
    const fragments = devices.flatMap((device, index) =>
      ['c8y_IsDevice', ...Object.keys(device.fragments)].map((fragment) => [tenantId, fragment, ids[index]]),
    );
    await insertRows(
      this.txHost.tx,
      'managed_object_fragments',
      ['tenant_id', 'fragment_type', 'managed_object_id'],
      fragments,
    );
    const externalIds = devices.map((device, index) => [
      tenantId,
      device.externalIdType,
      device.externalId,
      ids[index],
    ]);
    await insertRows(
      this.txHost.tx,
      'external_ids',
      ['tenant_id', 'type', 'external_id', 'managed_object_id'],
      externalIds,
    );
    const memberships = devices.flatMap((device, index) =>
      device.groupId ? [[device.groupId, ids[index]]] : [],
    );
    await this.link(tenantId, memberships);
  }

  private async link(tenantId: string, edges: string[][]): Promise<void> {
    const rows = edges.map(([parentId, childId]) => [tenantId, parentId, childId]);
    await insertRows(this.txHost.tx, 'child_assets', ['tenant_id', 'parent_id', 'child_id'], rows, true);
  }
}
