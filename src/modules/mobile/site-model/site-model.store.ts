import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { isUniqueViolation } from '../../../core/database/database-errors';
import { leanQuery } from '../../../core/database/lean-query';
import { findForUpdate } from '../../../core/database/row-lock';
import { PlatformException } from '../../../core/http/app.exception';
import { unprocessable } from './site-model.errors';

/** A record others point at, with the counter of those pointers (see SiteEntity.referenceCount). */
export interface Referenced {
  table: string;
  key: string;
  counter: string;
  /** How a 422 names it: `controlled area`. */
  noun: string;
  /** What points at it must be on its site (access groups list areas and schedules of their own site). */
  siteBound?: boolean;
}

export const SITES: Referenced = {
  table: 'mobile_sites',
  key: 'id',
  counter: 'reference_count',
  noun: 'site',
};
export const AREAS: Referenced = {
  table: 'mobile_controlled_areas',
  key: 'id',
  counter: 'reference_count',
  noun: 'controlled area',
  siteBound: true,
};
export const SCHEDULES: Referenced = {
  table: 'mobile_schedules',
  key: 'id',
  counter: 'reference_count',
  noun: 'schedule',
  siteBound: true,
};
export const BEACONS: Referenced = {
  table: 'mobile_beacons',
  key: 'unique_id',
  counter: 'reference_count',
  noun: 'beacon',
};
export const ACCESS_GROUPS: Referenced = {
  table: 'mobile_access_groups',
  key: 'id',
  counter: 'member_count',
  noun: 'access group',
};

/** What a PUT did: the record as stored, and whether it was new (201) or replaced (200). */
export interface Upserted<T> {
  record: T;
  created: boolean;
}

/** Where a request names the records it points at: `controlledAreaIds` (a list) or `siteId`. */
export interface ReferenceField {
  field: string;
  list?: boolean;
}

/**
 * The site model's access to the database, always through the request's transaction and always by
 * tenant. Every pointer between records is a guarded write on the row pointed at (ARCHITECTURE rule 9):
 * `reference` increments its counter only where the row exists (on the site, when one is named), and a
 * delete happens only while the counter is 0. Two requests racing on one row meet on that row, on one
 * server (row lock) and on a cluster (certification): no pointer is ever left dangling.
 */
@Injectable()
export class SiteModelStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  get manager(): EntityManager {
    return this.txHost.tx;
  }

  /** The row, locked until the transaction ends. */
  lock<T extends ObjectLiteral>(entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<T | null> {
    return findForUpdate(this.manager, entity, where);
  }

  find<T extends ObjectLiteral>(entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.manager.findOneBy(entity, where);
  }

  page<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: FindOptionsWhere<T>,
    order: FindOptionsOrder<T>,
    skip: number,
    take: number,
  ): Promise<T[]> {
    return this.manager.find(entity, { where, order, skip, take });
  }

  /** Inserts a row; a duplicate key (another writer was first) is a 409 saying `conflict`. */
  async insert<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: T[]): Promise<void> {
    if (rows.length > 0) await this.manager.insert(entity, rows);
  }

  async deleteWhere<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: FindOptionsWhere<T>,
  ): Promise<void> {
    await this.manager.delete(entity, where);
  }

  /**
   * Inserts `record`, or replaces the row `existing` (read with `lock`): a duplicate key (another writer
   * was first) is a 409 saying `conflict`.
   */
  async save<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    key: FindOptionsWhere<T>,
    record: T,
    existing: T | null,
    conflict: string,
  ): Promise<Upserted<T>> {
    // The counters are others' to change (reference, release): a replace leaves them as they are.
    const { referenceCount: _references, memberCount: _members, ...changes } = record;
    await this.uniquely(async () => {
      if (existing) await this.manager.update(entity, key, changes as T);
      else await this.manager.insert(entity, record);
    }, conflict);
    return { record, created: existing === null };
  }

  /** A write on the row (its updated_at), so what is added under it meets its delete; false when it is gone. */
  async touch(target: Referenced, tenantId: string, id: string | number, now: Date): Promise<boolean> {
    const { affected } = await leanQuery(
      this.manager,
      `UPDATE ${target.table} SET updated_at = ? WHERE tenant_id = ? AND ${target.key} = ?`,
      [now, tenantId, id],
    );
    return affected > 0;
  }

  async tenantExists(tenantId: string): Promise<boolean> {
    const { records } = await leanQuery(this.manager, 'SELECT 1 AS found FROM tenants WHERE id = ?', [
      tenantId,
    ]);
    return records.length > 0;
  }

  /**
   * Points at `ids` of `target`: +1 on each (only on `siteId` when given). Any id not found there is a
   * 422 naming it; the transaction then rolls back the increments already made.
   */
  async reference(
    target: Referenced,
    tenantId: string,
    ids: readonly (string | number)[],
    where: ReferenceField,
    siteId?: string,
  ): Promise<void> {
    if (ids.length === 0) return;
    if ((await this.increment(target, tenantId, ids, siteId)) === ids.length) return;
    const { sql, parameters } = this.rows(target, tenantId, ids, siteId);
    const { records } = await leanQuery<{ id: string | number }>(
      this.manager,
      `SELECT ${target.key} AS id FROM ${target.table} WHERE ${sql}`,
      parameters,
    );
    const found = new Set(records.map((row) => String(row.id)));
    const missing = ids.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(String(id)));
    throw unknownReferences(target, missing, where, siteId);
  }

  /** Points at one row of `target` (on `siteId` when given): +1, or false when there is none such. */
  async referenceOne(target: Referenced, tenantId: string, id: string | number, siteId?: string) {
    return (await this.increment(target, tenantId, [id], siteId)) === 1;
  }

  /** Stops pointing at `ids` of `target`. */
  async release(target: Referenced, tenantId: string, ids: readonly (string | number)[]): Promise<void> {
    if (ids.length === 0) return;
    const { sql, parameters } = this.rows(target, tenantId, ids);
    await leanQuery(
      this.manager,
      `UPDATE ${target.table} SET ${target.counter} = ${target.counter} - 1 WHERE ${sql}`,
      parameters,
    );
  }

  /** Deletes the row only while nothing points at it; false when it is still pointed at (or gone). */
  async deleteUnreferenced(target: Referenced, tenantId: string, id: string | number): Promise<boolean> {
    const { affected } = await leanQuery(
      this.manager,
      `DELETE FROM ${target.table} WHERE tenant_id = ? AND ${target.key} = ? AND ${target.counter} = 0`,
      [tenantId, id],
    );
    return affected > 0;
  }

  /**
   * Moves a row to another site only while nothing points at it (what points at it is on its site):
   * false when something still does.
   */
  async moveUnreferenced(target: Referenced, tenantId: string, id: string | number, siteId: string) {
    const { affected } = await leanQuery(
      this.manager,
      `UPDATE ${target.table} SET site_id = ? WHERE tenant_id = ? AND ${target.key} = ? AND ${target.counter} = 0`,
      [siteId, tenantId, id],
    );
    return affected > 0;
  }

  /** +1 on each of `ids` found (on `siteId` when given); how many were. */
  private async increment(
    target: Referenced,
    tenantId: string,
    ids: readonly (string | number)[],
    siteId?: string,
  ): Promise<number> {
    const { sql, parameters } = this.rows(target, tenantId, ids, siteId);
    const { affected } = await leanQuery(
      this.manager,
      `UPDATE ${target.table} SET ${target.counter} = ${target.counter} + 1 WHERE ${sql}`,
      parameters,
    );
    return affected;
  }

  private rows(target: Referenced, tenantId: string, ids: readonly (string | number)[], siteId?: string) {
    const marks = ids.map(() => '?').join(', ');
    const onSite = siteId === undefined ? '' : ' AND site_id = ?';
    return {
      sql: `tenant_id = ? AND ${target.key} IN (${marks})${onSite}`,
      parameters: [tenantId, ...ids, ...(siteId === undefined ? [] : [siteId])],
    };
  }

  private async uniquely<T>(write: () => Promise<T>, conflict: string): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw PlatformException.conflict(conflict);
      throw error;
    }
  }
}

function unknownReferences(
  target: Referenced,
  missing: { id: string | number; index: number }[],
  where: ReferenceField,
  siteId?: string,
): PlatformException {
  const place = siteId === undefined ? 'in this tenant' : `on site ${siteId}`;
  return unprocessable(
    missing.map(({ id, index }) => ({
      field: where.list ? `${where.field}[${index}]` : where.field,
      message: `no ${target.noun} ${id} ${place}`,
    })),
  );
}
