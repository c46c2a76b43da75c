import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { sha256 } from '../../core/crypto/sha256';
import { isUniqueViolation } from '../../core/database/database-errors';
import { leanQuery } from '../../core/database/lean-query';
import { findForUpdate } from '../../core/database/row-lock';
import { NewDeviceRequestEntity } from './entities/new-device-request.entity';
import { NewDeviceRequestSettingsEntity } from './entities/new-device-request-settings.entity';
import { NewDeviceRequestStatus, SecurityTokenMode } from './new-device-request-status';
import { POLL_SQL, REQUEST_COLUMN_NAMES, REQUEST_COLUMNS as COLUMNS } from './new-device-request-sql';

export const DEFAULT_SECURITY_TOKEN_MODE = SecurityTokenMode.OPTIONAL;

/** What a page and a single read show. */
export interface RequestRow {
  seq: number;
  tenant_id: string;
  device_id: string;
  status: NewDeviceRequestStatus;
  type: string | null;
  group_id: string | null;
  owner: string;
  creation_time: Date | string;
  fragments: string | null;
}

/** What the bootstrap poll needs of a request, with its tenant's securityToken mode. */
export interface PollRow {
  seq: number;
  tenant_id: string;
  device_id: string;
  status: NewDeviceRequestStatus;
  security_token_hash: string | null;
  credentials_issued_at: Date | string | null;
  security_token_mode: SecurityTokenMode | null;
}

const JOINED_COLUMNS = REQUEST_COLUMN_NAMES.map((name) => `r.${name}`).join(', ');

/** Where a page starts: after/before a known row (an index seek), or a number of rows in (offset). */
export type PageStart = { after: number } | { before: number } | { skip: number };

/** New device requests; every method but the bootstrap lookup takes the tenant. */
@Injectable()
export class NewDeviceRequestsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get manager() {
    return this.txHost.tx;
  }

  /** Inserts the request; false when the tenant already has one with this id. */
  async insert(request: Omit<NewDeviceRequestEntity, 'seq' | 'pollCount'>): Promise<boolean> {
    try {
      await this.manager.getRepository(NewDeviceRequestEntity).insert(request);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async find(tenantId: string, deviceId: string): Promise<RequestRow | null> {
    const { records } = await leanQuery<RequestRow>(this.manager, POLL_SQL.request, [
      sha256(deviceId),
      tenantId,
    ]);
    return records[0] ?? null;
  }

  /** The request as the admin's accept needs it, locked: accepts of one request take turns. */
  findForAccept(tenantId: string, deviceId: string): Promise<NewDeviceRequestEntity | null> {
    return findForUpdate(this.manager, NewDeviceRequestEntity, { deviceKey: sha256(deviceId), tenantId });
  }

  /**
   * A page in creation order, pageSize + 1 rows (the extra one says whether there is a next page).
   * After or before a row: one seek on (tenant_id, seq), whatever the page number. By offset: the skip
   * walks only that index (a deferred join), so deep offsets cost index entries, not rows.
   */
  async page(tenantId: string, start: PageStart, take: number): Promise<RequestRow[]> {
    if ('before' in start) {
      const sql = `SELECT ${COLUMNS} FROM new_device_requests WHERE tenant_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`;
      const { records } = await leanQuery<RequestRow>(this.manager, sql, [tenantId, start.before, take]);
      return records.reverse();
    }
    if ('after' in start || start.skip === 0) {
      const after = 'after' in start ? start.after : 0;
      const sql = `SELECT ${COLUMNS} FROM new_device_requests WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?`;
      return (await leanQuery<RequestRow>(this.manager, sql, [tenantId, after, take])).records;
    }
    const sql =
      `SELECT ${JOINED_COLUMNS} FROM new_device_requests r ` +
      'JOIN (SELECT seq FROM new_device_requests WHERE tenant_id = ? ORDER BY seq LIMIT ? OFFSET ?) page_seqs ' +
      'ON page_seqs.seq = r.seq ORDER BY r.seq';
    return (await leanQuery<RequestRow>(this.manager, sql, [tenantId, take, start.skip])).records;
  }

  async count(tenantId: string): Promise<number> {
    return this.manager.getRepository(NewDeviceRequestEntity).countBy({ tenantId });
  }

  /**
   * The bootstrap poll's one query: the id's requests in every tenant (the management tenant's bootstrap
   * user may poll any; a tenant's own sees a wrong-tenant poll), with each tenant's token mode.
   * An index seek on (device_key, tenant_id).
   */
  async findForPoll(deviceId: string): Promise<PollRow[]> {
    const { records } = await leanQuery<PollRow>(this.manager, POLL_SQL.requestsOf, [sha256(deviceId)]);
    // The hash is the key; the id itself is compared too, so a collision can never hand out credentials.
    return records.filter((row) => row.device_id === deviceId);
  }

  /**
   * Counts one poll that got no credentials (not yet accepted, a wrong token, a wrong tenant), in one guarded write on its row (every instance sees
   * the same count): a new window starts when the last one is over; past `max` polls in a window the
   * request is BLOCKED; otherwise a device's own poll (`advance`) moves WAITING_FOR_CONNECTION on to
   * PENDING_ACCEPTANCE. MySQL evaluates SET left to right with the new values, SQLite with the old:
   * status is set first, and poll_count reads poll_window_start before it is set, so both agree.
   */
  async countPoll(seq: number, now: Date, windowMs: number, max: number, advance: boolean): Promise<void> {
    await leanQuery(this.manager, ...POLL_SQL.countPoll(seq, now, windowMs, max, advance));
  }

  /** Claims the credentials of an accepted request: true for exactly one of concurrent polls. */
  async claimCredentials(seq: number, now: Date): Promise<boolean> {
    const sql =
      'UPDATE new_device_requests SET credentials_issued_at = ? ' +
      `WHERE seq = ? AND status = '${NewDeviceRequestStatus.ACCEPTED}' AND credentials_issued_at IS NULL`;
    return (await leanQuery(this.manager, sql, [now, seq])).affected === 1;
  }

  async accept(seq: number): Promise<void> {
    await this.manager
      .getRepository(NewDeviceRequestEntity)
      .update({ seq }, { status: NewDeviceRequestStatus.ACCEPTED });
  }

  /**
   * Accepts every PENDING_ACCEPTANCE request of the tenant whose token need not be presented under the
   * mode (REQUIRED: none; OPTIONAL: those without a token; IGNORED: all). Answers them, as accepted:
   * read locked, so the rows read are the rows changed.
   */
  async acceptAll(tenantId: string, mode: SecurityTokenMode): Promise<RequestRow[]> {
    if (mode === SecurityTokenMode.REQUIRED) return [];
    const withoutToken = mode === SecurityTokenMode.OPTIONAL ? ' AND security_token_hash IS NULL' : '';
    const where = `WHERE tenant_id = ? AND status = '${NewDeviceRequestStatus.PENDING_ACCEPTANCE}'${withoutToken}`;
    const locking = this.manager.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
    const { records } = await leanQuery<RequestRow>(
      this.manager,
      `SELECT ${COLUMNS} FROM new_device_requests ${where} ORDER BY seq${locking}`,
      [tenantId],
    );
    if (records.length === 0) return [];
    await leanQuery(
      this.manager,
      `UPDATE new_device_requests SET status = '${NewDeviceRequestStatus.ACCEPTED}' ${where}`,
      [tenantId],
    );
    return records.map((row) => ({ ...row, status: NewDeviceRequestStatus.ACCEPTED }));
  }

  /** Deletes the request; answers whether it existed and whether its credentials had been issued. */
  async delete(tenantId: string, deviceId: string): Promise<{ existed: boolean; issued: boolean }> {
    // Locked: a poll claiming the credentials meanwhile is either seen (issued) or finds the row gone.
    const row = await findForUpdate(this.manager, NewDeviceRequestEntity, {
      deviceKey: sha256(deviceId),
      tenantId,
    });
    if (!row) return { existed: false, issued: false };
    await this.manager.getRepository(NewDeviceRequestEntity).delete({ seq: row.seq });
    return { existed: true, issued: row.credentialsIssuedAt !== null };
  }

  async securityTokenMode(tenantId: string): Promise<SecurityTokenMode> {
    const row = await this.manager.getRepository(NewDeviceRequestSettingsEntity).findOneBy({ tenantId });
    return row?.securityTokenMode ?? DEFAULT_SECURITY_TOKEN_MODE;
  }

  async setSecurityTokenMode(tenantId: string, securityTokenMode: SecurityTokenMode): Promise<void> {
    await this.manager
      .getRepository(NewDeviceRequestSettingsEntity)
      .upsert({ tenantId, securityTokenMode }, ['tenantId']);
  }
}
