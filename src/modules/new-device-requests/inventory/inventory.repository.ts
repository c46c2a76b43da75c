import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import type { ManagedObjectKind } from './entities/managed-object.entity';
import { placeholders } from './multi-row-insert';

export interface ManagedObjectRow {
  id: string;
  kind: ManagedObjectKind;
  name: string | null;
  type: string | null;
  owner: string | null;
  fragments: string;
  creation_time: Date | string;
}

/** A reference to another managed object, as childAssets and assetParents list them. */
export interface ReferenceRow {
  owner_id: string;
  id: string;
  name: string | null;
}

export interface ManagedObjectFilter {
  type?: string;
  fragmentType?: string;
}

const COLUMNS = ['id', 'kind', 'name', 'type', 'owner', 'fragments', 'creation_time'];

/** Reads of one tenant's inventory: lean statements on indexes (pages seek the index, then read the page). */
@Injectable()
export class InventoryRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async findById(tenantId: string, id: string): Promise<ManagedObjectRow | undefined> {
    const sql = `SELECT ${COLUMNS.join(', ')} FROM managed_objects WHERE tenant_id = ? AND id = ?`;
    return (await leanQuery<ManagedObjectRow>(this.txHost.tx, sql, [tenantId, id])).records[0];
  }

  async findExternalId(tenantId: string, type: string, externalId: string): Promise<string | undefined> {
    const sql =
      'SELECT managed_object_id FROM external_ids WHERE tenant_id = ? AND type = ? AND external_id = ?';
    const found = await leanQuery<{ managed_object_id: string }>(this.txHost.tx, sql, [
      tenantId,
      type,
      externalId,
    ]);
    return found.records[0]?.managed_object_id;
  }

  /**
   * One page in id order. After a known id (a `next` link): an index seek. Otherwise the skip walks
   * only an index ((tenant, type, id), (tenant, fragment, id) or the primary key), and only the
   * page's rows are read (a deferred join).
   */
  async page(
    tenantId: string,
    filter: ManagedObjectFilter,
    start: { skip: number } | { after: string },
    take: number,
  ): Promise<ManagedObjectRow[]> {
    const { source, parameters, idColumn } = this.idSource(tenantId, filter);
    const seeking = 'after' in start;
    const ids = seeking ? `${source} AND ${idColumn} > ?` : source;
    const idParameters = seeking ? [...parameters, start.after] : parameters;
    const columns = COLUMNS.map((column) => `m.${column}`).join(', ');
    const sql =
      `SELECT ${columns} FROM managed_objects m JOIN (${ids} ORDER BY id LIMIT ? OFFSET ?) page_ids ` +
      'ON page_ids.id = m.id WHERE m.tenant_id = ? ORDER BY m.id';
    const values = [...idParameters, take, seeking ? 0 : start.skip, tenantId];
    return (await leanQuery<ManagedObjectRow>(this.txHost.tx, sql, values)).records;
  }

  async count(tenantId: string, filter: ManagedObjectFilter): Promise<number> {
    const { source, parameters } = this.idSource(tenantId, filter);
    const sql = `SELECT COUNT(*) AS total FROM (${source}) matching`;
    const found = await leanQuery<{ total: number | string }>(this.txHost.tx, sql, parameters);
    return Number(found.records[0].total);
  }

  /** The children of these objects (groups' childAssets), keyed by parent. */
  children(tenantId: string, parentIds: readonly string[]): Promise<ReferenceRow[]> {
    return this.references(tenantId, parentIds, 'parent_id', 'child_id');
  }

  /** The groups these objects belong to (assetParents), keyed by child. */
  parents(tenantId: string, childIds: readonly string[]): Promise<ReferenceRow[]> {
    return this.references(tenantId, childIds, 'child_id', 'parent_id');
  }

  private async references(
    tenantId: string,
    ids: readonly string[],
    from: 'parent_id' | 'child_id',
    to: 'parent_id' | 'child_id',
  ): Promise<ReferenceRow[]> {
    if (ids.length === 0) return [];
    const sql =
      `SELECT c.${from} AS owner_id, m.id AS id, m.name AS name FROM child_assets c ` +
      `JOIN managed_objects m ON m.tenant_id = c.tenant_id AND m.id = c.${to} ` +
      `WHERE c.tenant_id = ? AND c.${from} IN ${placeholders(ids.length)} ORDER BY m.id`;
    return (await leanQuery<ReferenceRow>(this.txHost.tx, sql, [tenantId, ...ids])).records;
  }

  private idSource(
    tenantId: string,
    filter: ManagedObjectFilter,
  ): { source: string; parameters: unknown[]; idColumn: string } {
    if (filter.fragmentType) {
      const typed = filter.type ? ' AND m.type = ?' : '';
      const join = filter.type
        ? ' JOIN managed_objects m ON m.tenant_id = f.tenant_id AND m.id = f.managed_object_id'
        : '';
      return {
        source: `SELECT f.managed_object_id AS id FROM managed_object_fragments f${join} WHERE f.tenant_id = ? AND f.fragment_type = ?${typed}`,
        parameters: [tenantId, filter.fragmentType, ...(filter.type ? [filter.type] : [])],
        idColumn: 'f.managed_object_id',
      };
    }
    if (filter.type)
      return {
        source: 'SELECT id FROM managed_objects WHERE tenant_id = ? AND type = ?',
        parameters: [tenantId, filter.type],
        idColumn: 'id',
      };
    return {
      source: 'SELECT id FROM managed_objects WHERE tenant_id = ?',
      parameters: [tenantId],
      idColumn: 'id',
    };
  }
}
