import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery, readTimestamp } from '../../../core/database/lean-query';

/** A registered phone as its owner's administrators see it. */
export interface PhoneSummary {
  phoneId: string;
  registeredAt: Date;
  lastLoginAt: Date;
  /** False once its session ended (replayed refresh token, new password): the app must log in again. */
  signedIn: boolean;
}

interface PhoneRow {
  phone_id: string;
  registered_at: Date | string;
  last_login_at: Date | string;
  session_id: string | null;
}

/**
 * Phones and the mobile users' profile rows (zoneAccess, phone counter), tenant-scoped, by lean SQL
 * in the ambient transaction (every Bearer request reads here: rule 8). Rows are locked in one order
 * everywhere: the phone, then its user's profile, then the tenant.
 */
@Injectable()
export class MobilePhonesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private query<T>(sql: string, parameters: unknown[]) {
    return leanQuery<T>(this.txHost.tx, sql, parameters);
  }

  /** The user who registered this phone in the tenant, if any. */
  async ownerOf(tenantId: string, phoneId: string): Promise<string | undefined> {
    const { records } = await this.query<{ user_id: string }>(
      'SELECT user_id FROM mobile_phones WHERE tenant_id = ? AND phone_id = ?',
      [tenantId, phoneId],
    );
    return records[0]?.user_id;
  }

  /** One primary-key read: the phone is the user's and holds this session. */
  async holdsSession(tenantId: string, userId: string, phoneId: string, sessionId: string): Promise<boolean> {
    const { records } = await this.query(
      'SELECT 1 AS held FROM mobile_phones WHERE tenant_id = ? AND phone_id = ? AND user_id = ? AND session_id = ?',
      [tenantId, phoneId, userId, sessionId],
    );
    return records.length === 1;
  }

  async insert(tenantId: string, userId: string, phoneId: string, sessionId: string): Promise<void> {
    const now = new Date();
    await this.query(
      'INSERT INTO mobile_phones (tenant_id, phone_id, user_id, session_id, registered_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?)',
      [tenantId, phoneId, userId, sessionId, now, now],
    );
  }

  /** A new session for a phone the user already registered; false when it is not theirs. */
  async renewSession(tenantId: string, userId: string, phoneId: string, sessionId: string): Promise<boolean> {
    const { affected } = await this.query(
      'UPDATE mobile_phones SET session_id = ?, last_login_at = ? WHERE tenant_id = ? AND phone_id = ? AND user_id = ?',
      [sessionId, new Date(), tenantId, phoneId, userId],
    );
    return affected === 1;
  }

  /** Ends one session (its refresh token was replayed); the phone stays registered. */
  async endSession(userId: string, sessionId: string): Promise<void> {
    await this.query('UPDATE mobile_phones SET session_id = NULL WHERE session_id = ? AND user_id = ?', [
      sessionId,
      userId,
    ]);
  }

  /** Ends every session of the user's phones (a new password). */
  async endSessionsOf(tenantId: string, userId: string): Promise<void> {
    await this.query('UPDATE mobile_phones SET session_id = NULL WHERE tenant_id = ? AND user_id = ?', [
      tenantId,
      userId,
    ]);
  }

  /** Deletes the phone if it is the user's: true when it was. */
  async delete(tenantId: string, userId: string, phoneId: string): Promise<boolean> {
    const { affected } = await this.query(
      'DELETE FROM mobile_phones WHERE tenant_id = ? AND phone_id = ? AND user_id = ?',
      [tenantId, phoneId, userId],
    );
    return affected === 1;
  }

  /** Deletes every phone of the user; how many there were. */
  async deleteAllOf(tenantId: string, userId: string): Promise<number> {
    const { affected } = await this.query('DELETE FROM mobile_phones WHERE tenant_id = ? AND user_id = ?', [
      tenantId,
      userId,
    ]);
    return affected;
  }

  async listOf(tenantId: string, userId: string): Promise<PhoneSummary[]> {
    const { records } = await this.query<PhoneRow>(
      'SELECT phone_id, registered_at, last_login_at, session_id FROM mobile_phones WHERE tenant_id = ? AND user_id = ? ORDER BY phone_id',
      [tenantId, userId],
    );
    return records.map((row) => ({
      phoneId: row.phone_id,
      registeredAt: readTimestamp(row.registered_at),
      lastLoginAt: readTimestamp(row.last_login_at),
      signedIn: row.session_id !== null,
    }));
  }
}
