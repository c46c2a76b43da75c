import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isUniqueViolation } from '../../../core/database/database-errors';
import { leanQuery } from '../../../core/database/lean-query';

/** A mobile user's profile row as the API shows it. */
export interface MobileProfile {
  userId: string;
  email: string;
  roles: string;
  zoneAccess: number;
  phoneCount: number;
}

interface ProfileRow {
  user_id: string;
  email: string;
  roles: string;
  zone_access: number;
  phone_count: number;
}

const PROFILES =
  'SELECT p.user_id, u.email, u.roles, p.zone_access, p.phone_count FROM mobile_user_profiles p JOIN users u ON u.id = p.user_id';

/**
 * The mobile users' profile rows: zoneAccess and the per-user phone counter, moved by guarded
 * writes on this one row (ARCHITECTURE rule 9). Tenant-scoped; lean SQL in the ambient transaction.
 */
@Injectable()
export class MobileProfilesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private query<T>(sql: string, parameters: unknown[]) {
    return leanQuery<T>(this.txHost.tx, sql, parameters);
  }

  /** The user's zoneAccess; 0 for a mobile user with no profile yet (made by the platform's user API). */
  async zoneAccessOf(userId: string): Promise<number> {
    const { records } = await this.query<{ zone_access: number }>(
      'SELECT zone_access FROM mobile_user_profiles WHERE user_id = ?',
      [userId],
    );
    return Number(records[0]?.zone_access ?? 0);
  }

  /** Creates the row if it is missing; a concurrent creator's row is as good. Run outside a longer transaction. */
  async ensure(tenantId: string, userId: string): Promise<void> {
    const { records } = await this.query('SELECT 1 AS present FROM mobile_user_profiles WHERE user_id = ?', [
      userId,
    ]);
    if (records.length > 0) return;
    try {
      await this.upsert(tenantId, userId, 0, false);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Writes zoneAccess, inserting the row (`exists` false) or changing it. */
  async upsert(tenantId: string, userId: string, zoneAccess: number, exists: boolean): Promise<void> {
    if (exists) {
      await this.query(
        'UPDATE mobile_user_profiles SET zone_access = ? WHERE tenant_id = ? AND user_id = ?',
        [zoneAccess, tenantId, userId],
      );
      return;
    }
    await this.query(
      'INSERT INTO mobile_user_profiles (user_id, tenant_id, zone_access, phone_count) VALUES (?, ?, ?, 0)',
      [userId, tenantId, zoneAccess],
    );
  }

  /** One more phone under the per-user limit (null: none), in one guarded write; false at the limit. */
  async takePhone(tenantId: string, userId: string, limit: number | null): Promise<boolean> {
    const { affected } = await this.query(
      'UPDATE mobile_user_profiles SET phone_count = phone_count + 1 WHERE tenant_id = ? AND user_id = ? AND (? IS NULL OR phone_count < ?)',
      [tenantId, userId, limit, limit],
    );
    return affected === 1;
  }

  /** Gives phones back; never below zero. */
  async freePhones(tenantId: string, userId: string, count: number): Promise<void> {
    await this.query(
      'UPDATE mobile_user_profiles SET phone_count = CASE WHEN phone_count > ? THEN phone_count - ? ELSE 0 END WHERE tenant_id = ? AND user_id = ?',
      [count, count, tenantId, userId],
    );
  }

  async find(tenantId: string, userId: string): Promise<MobileProfile | undefined> {
    const { records } = await this.query<ProfileRow>(`${PROFILES} WHERE p.tenant_id = ? AND p.user_id = ?`, [
      tenantId,
      userId,
    ]);
    return records[0] && toProfile(records[0]);
  }

  /** A page by email, the users' unique (tenant, email) index. */
  async list(tenantId: string, skip: number, take: number): Promise<MobileProfile[]> {
    const { records } = await this.query<ProfileRow>(
      `${PROFILES} WHERE p.tenant_id = ? AND u.tenant_id = ? ORDER BY u.email LIMIT ? OFFSET ?`,
      [tenantId, tenantId, take, skip],
    );
    return records.map(toProfile);
  }

  async delete(tenantId: string, userId: string): Promise<void> {
    await this.query('DELETE FROM mobile_user_profiles WHERE tenant_id = ? AND user_id = ?', [
      tenantId,
      userId,
    ]);
  }
}

function toProfile(row: ProfileRow): MobileProfile {
  return {
    userId: row.user_id,
    email: row.email,
    roles: row.roles,
    zoneAccess: Number(row.zone_access),
    phoneCount: Number(row.phone_count),
  };
}
