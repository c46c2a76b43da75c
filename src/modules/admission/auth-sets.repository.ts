import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../core/database/lean-query';
import { findForUpdate } from '../../core/database/row-lock';
import type { AdmissionStatus } from './admission-status';
import { AuthSetEntity } from './entities/auth-set.entity';

export interface AuthSetFilter {
  status?: AdmissionStatus;
  deviceId?: string;
}

const COLUMN_NAMES = ['id', 'device_id', 'device_identity', 'pubkey', 'status', 'attributes', 'request_time'];
const COLUMNS = COLUMN_NAMES.join(', ');
const JOINED_COLUMNS = COLUMN_NAMES.map((name) => `a.${name}`).join(', ');

export interface AuthSetRow {
  id: string;
  device_id: string;
  device_identity: string;
  pubkey: string;
  status: AdmissionStatus;
  attributes: string;
  request_time: Date | string;
}

/** Auth sets of one tenant (the tenant comes from the caller's token). */
@Injectable()
export class AuthSetsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(AuthSetEntity);
  }

  /**
   * One page in id order. The first page, or after a known id: an index seek. Otherwise by offset, as a deferred join:
   * the skip walks only the (tenant_id, status|device_id, id) index, and only the page's rows are read.
   */
  async page(
    tenantId: string,
    filter: AuthSetFilter,
    skip: number,
    take: number,
    after?: string,
  ): Promise<AuthSetRow[]> {
    const conditions = ['tenant_id = ?'];
    const parameters: unknown[] = [tenantId];
    if (filter.status) {
      conditions.push('status = ?');
      parameters.push(filter.status);
    }
    if (filter.deviceId) {
      conditions.push('device_id = ?');
      parameters.push(filter.deviceId);
    }
    if (after !== undefined || skip === 0) {
      const seek = after === undefined ? '' : ' AND id > ?';
      const sql = `SELECT ${COLUMNS} FROM auth_sets WHERE ${conditions.join(' AND ')}${seek} ORDER BY id LIMIT ?`;
      const values = after === undefined ? [...parameters, take] : [...parameters, after, take];
      return (await leanQuery<AuthSetRow>(this.txHost.tx, sql, values)).records;
    }
    const sql =
      `SELECT ${JOINED_COLUMNS} FROM auth_sets a ` +
      `JOIN (SELECT id FROM auth_sets WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT ? OFFSET ?) page_ids ON page_ids.id = a.id ` +
      'WHERE a.tenant_id = ? ORDER BY a.id';
    return (await leanQuery<AuthSetRow>(this.txHost.tx, sql, [...parameters, take, skip, tenantId])).records;
  }

  async count(tenantId: string, status?: AdmissionStatus): Promise<number> {
    return this.repository.countBy(status ? { tenantId, status } : { tenantId });
  }

  findById(tenantId: string, id: string): Promise<AuthSetEntity | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  findForUpdate(tenantId: string, id: string): Promise<AuthSetEntity | null> {
    return findForUpdate(this.txHost.tx, AuthSetEntity, { tenantId, id });
  }

  /**
   * Adds the set, or replaces an existing one's identity and key but not its status, and answers the
   * status it has now (pending when new). One INSERT ... ON DUPLICATE KEY UPDATE / ON CONFLICT locks
   * the row, new or not, without the gap locks of a read-then-insert (those deadlock concurrent
   * submissions on MySQL); the status is then read under that lock.
   */
  async upsertKeepingStatus(authSet: AuthSetEntity): Promise<AdmissionStatus> {
    const replaced = ['device_id', 'device_identity', 'attributes', 'pubkey', 'request_time'];
    await this.repository
      .createQueryBuilder()
      .insert()
      .values(authSet)
      .orUpdate(replaced, ['tenant_id', 'id'])
      .execute();
    return ((await this.findForUpdate(authSet.tenantId, authSet.id)) as AuthSetEntity).status;
  }

  async update(tenantId: string, id: string, changes: Partial<AuthSetEntity>): Promise<void> {
    await this.repository.update({ tenantId, id }, changes);
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.repository.delete({ tenantId, id });
  }
}
