import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import {
  type DeviceUserSummary,
  DeviceUsersRepository,
  type HashedDeviceCredentials,
} from './device-users.repository';

export { deviceUsername } from './device-username';

export type DeviceUserChange = 'created' | 'updated';

/**
 * Device users `device_<id>`: the principal a device authenticates as (Basic or Bearer) with no
 * human role. Every method runs in the ambient request transaction and is tenant-scoped. A changed
 * password or a revocation ends the device's refresh sessions in the same transaction; its Basic
 * and access tokens stop with the row (the verifier and the JWT strategy read it on each request).
 */
@Injectable()
export class DeviceUsersService {
  constructor(
    private readonly repository: DeviceUsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The platform's argon2id parameters (core/auth/password-hasher.ts). */
  hash(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  async upsertHashed(tenantId: string, deviceId: string, passwordHash: string): Promise<DeviceUserChange> {
    const changes = await this.upsertManyHashed(tenantId, [{ deviceId, passwordHash }]);
    return changes.get(deviceId) as DeviceUserChange;
  }

  /**
   * One INSERT per 1000 rows (plus one read of the keys); safe under concurrent imports of the same
   * ids, each id being 'created' for exactly one of them. A repeated id: the last row wins. Concurrent
   * upserts of new keys can still deadlock on MySQL: a `@Transactional()` handler is run again whole
   * (the request's unit of work); anything else wraps its transaction in `retryOnDeadlock`.
   */
  async upsertManyHashed(
    tenantId: string,
    rows: readonly HashedDeviceCredentials[],
  ): Promise<Map<string, DeviceUserChange>> {
    const { created, updated } = await this.repository.upsertMany(tenantId, rows);
    if (updated.size > 0) await this.refreshTokens.deleteForUsers([...updated.values()]);
    const changes = new Map<string, DeviceUserChange>();
    for (const deviceId of created) changes.set(deviceId, 'created');
    for (const deviceId of updated.keys()) changes.set(deviceId, 'updated');
    return changes;
  }

  /** Generates a password, stores its hash, and returns the password: the only time it is seen. */
  async issue(tenantId: string, deviceId: string): Promise<string> {
    const password = randomBytes(24).toString('base64url');
    await this.upsertHashed(tenantId, deviceId, await this.hash(password));
    return password;
  }

  /** Deletes the device user: its Basic, access and refresh tokens stop working at once. */
  async revoke(tenantId: string, deviceId: string): Promise<boolean> {
    const id = await this.repository.delete(tenantId, deviceId);
    if (id === undefined) return false;
    await this.refreshTokens.deleteForUsers([id]);
    return true;
  }

  /** Which of these device ids already have a device user: what a dry run tells CREATED from CREDENTIAL_UPDATED by. */
  existing(tenantId: string, deviceIds: readonly string[]): Promise<Set<string>> {
    return this.repository.existing(tenantId, deviceIds);
  }

  list(tenantId: string, skip: number, take: number): Promise<DeviceUserSummary[]> {
    return this.repository.list(tenantId, skip, take);
  }
}
