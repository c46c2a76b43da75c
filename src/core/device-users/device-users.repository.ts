import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { sha256 } from '../crypto/sha256';
import { leanQuery, readTimestamp } from '../database/lean-query';

/** What authentication needs of a device user, read without entity hydration (hot path, rule 8). */
export interface DeviceUserCredentials {
  id: string;
  tenantId: string;
  deviceId: string;
  passwordHash: string;
}

/** A device user as an administrator sees it: never its hash. */
export interface DeviceUserSummary {
  deviceId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface HashedDeviceCredentials {
  deviceId: string;
  passwordHash: string;
}

/** Rows per INSERT: 7 placeholders a row stays far below SQLite's and MySQL's placeholder limits. */
export const UPSERT_CHUNK = 1000;

/** The primary key's second half: exact (bytes of the UTF-8 id) and short enough for any index. */
export const deviceKey = (deviceId: string): string => sha256(deviceId);

const CREDENTIALS = 'SELECT id, tenant_id, device_id, password_hash FROM device_users';

interface CredentialsRow {
  id: string;
  tenant_id: string;
  device_id: string;
  password_hash: string;
}

/** Device users, always scoped by tenant; every statement runs in the request's transaction. */
@Injectable()
export class DeviceUsersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Inserts the new, changes the password of the existing, in one statement per chunk, then reads
   * back which rows carry the id this call generated: those it created. Under a concurrent import of
   * the same ids the second statement waits on the first's row locks and finds its rows existing, so
   * each id is 'created' for exactly one caller. Rows are written in key order, so two imports of
   * overlapping ids lock in the same order. The returned ids of updated rows let the caller revoke
   * their sessions.
   */
  async upsertMany(
    tenantId: string,
    rows: readonly HashedDeviceCredentials[],
  ): Promise<{ created: Set<string>; updated: Map<string, string> }> {
    const byKey = new Map(rows.map((row) => [deviceKey(row.deviceId), row])); // the last of a repeated id wins
    const keys = [...byKey.keys()].sort();
    const created = new Set<string>();
    const updated = new Map<string, string>();
    for (let start = 0; start < keys.length; start += UPSERT_CHUNK) {
      const chunk = keys.slice(start, start + UPSERT_CHUNK);
      const ours = new Map(chunk.map((key) => [key, randomUUID()]));
      const now = new Date();
      const values = chunk.flatMap((key) => {
        const row = byKey.get(key) as HashedDeviceCredentials;
        return [tenantId, key, ours.get(key), row.deviceId, row.passwordHash, now, now];
      });
      await leanQuery(this.txHost.tx, this.upsertSql(chunk.length), values);
      const { records } = await leanQuery<{ device_key: string; id: string }>(
        this.txHost.tx,
        `SELECT device_key, id FROM device_users WHERE tenant_id = ? AND device_key IN (${marks(chunk.length)})${this.latest}`,
        [tenantId, ...chunk],
      );
      for (const { device_key: key, id } of records) {
        const deviceId = (byKey.get(key) as HashedDeviceCredentials).deviceId;
        if (id === ours.get(key)) created.add(deviceId);
        else updated.set(deviceId, id);
      }
    }
    return { created, updated };
  }

  /**
   * MySQL's plain SELECT reads the transaction's snapshot, which may predate a concurrent import's
   * commit; a locking read sees the latest rows (locks this call already holds). SQLite has one writer.
   */
  private get latest(): string {
    return this.isSqlite ? '' : ' FOR UPDATE';
  }

  private get isSqlite(): boolean {
    return this.txHost.tx.connection.options.type === 'better-sqlite3';
  }

  private upsertSql(count: number): string {
    const insert =
      'INSERT INTO device_users (tenant_id, device_key, id, device_id, password_hash, created_at, updated_at) ' +
      `VALUES ${Array.from({ length: count }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
    return this.isSqlite
      ? `${insert} ON CONFLICT (tenant_id, device_key) DO UPDATE SET ` +
          'password_hash = excluded.password_hash, updated_at = excluded.updated_at'
      : `${insert} ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), updated_at = VALUES(updated_at)`;
  }

  /** The device users named `device_<deviceId>`: one per tenant at most, for Basic without a tenant. */
  // Both `then`, not async functions: every device's authenticated request comes here (see UsersRepository).
  credentialsByDeviceId(deviceId: string, tenantId?: string): Promise<DeviceUserCredentials[]> {
    const byTenant = tenantId === undefined ? '' : ' AND tenant_id = ?';
    const key = deviceKey(deviceId);
    return leanQuery<CredentialsRow>(
      this.txHost.tx,
      `${CREDENTIALS} WHERE device_key = ?${byTenant} LIMIT 10`,
      tenantId === undefined ? [key] : [key, tenantId],
    ).then(({ records }) => records.filter((row) => row.device_id === deviceId).map(toCredentials));
  }

  credentialsById(id: string): Promise<DeviceUserCredentials | undefined> {
    return leanQuery<CredentialsRow>(this.txHost.tx, `${CREDENTIALS} WHERE id = ?`, [id]).then(
      ({ records }) => records[0] && toCredentials(records[0]),
    );
  }

  /** Which of these device ids have a device user in the tenant (exact ids). */
  async existing(tenantId: string, deviceIds: readonly string[]): Promise<Set<string>> {
    if (deviceIds.length === 0) return new Set();
    const byKey = new Map(deviceIds.map((deviceId) => [deviceKey(deviceId), deviceId]));
    const { records } = await leanQuery<{ device_key: string; device_id: string }>(
      this.txHost.tx,
      `SELECT device_key, device_id FROM device_users WHERE tenant_id = ? AND device_key IN (${marks(byKey.size)})`,
      [tenantId, ...byKey.keys()],
    );
    return new Set(
      records.filter((row) => byKey.get(row.device_key) === row.device_id).map((row) => row.device_id),
    );
  }

  /** A page in key order (the primary key's: no scan, stable under concurrent inserts elsewhere). */
  async list(tenantId: string, skip: number, take: number): Promise<DeviceUserSummary[]> {
    const { records } = await leanQuery<{
      device_id: string;
      created_at: Date | string;
      updated_at: Date | string;
    }>(
      this.txHost.tx,
      'SELECT device_id, created_at, updated_at FROM device_users WHERE tenant_id = ? ' +
        'ORDER BY device_key LIMIT ? OFFSET ?',
      [tenantId, take, skip],
    );
    return records.map((row) => ({
      deviceId: row.device_id,
      createdAt: readTimestamp(row.created_at),
      updatedAt: readTimestamp(row.updated_at),
    }));
  }

  /** Deletes the device user; answers the id its tokens name, or undefined when there was none. */
  async delete(tenantId: string, deviceId: string): Promise<string | undefined> {
    const [user] = await this.credentialsByDeviceId(deviceId, tenantId);
    if (!user) return undefined;
    const { affected } = await leanQuery(
      this.txHost.tx,
      'DELETE FROM device_users WHERE tenant_id = ? AND id = ?',
      [tenantId, user.id],
    );
    return affected > 0 ? user.id : undefined;
  }
}

const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

function toCredentials(row: CredentialsRow): DeviceUserCredentials {
  return { id: row.id, tenantId: row.tenant_id, deviceId: row.device_id, passwordHash: row.password_hash };
}
