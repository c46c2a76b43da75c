import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config';
import { type UserCredentials, UsersRepository } from '../tenancy/users.repository';
import { PasswordHasher } from './password-hasher';
import { Principal } from './principal';

export type VerificationResult =
  { ok: true; principal: Principal } | { ok: false; reason: 'invalid' | 'ambiguous'; tenantId?: string };

/**
 * Checks `email:password` or `tenantId/email:password`. A full argon2 verification happens once;
 * successes are remembered for a short while under an HMAC of (user, stored hash, password) with a
 * per-process key, so a changed password (new hash) never matches an old entry, and the cache holds
 * nothing that would help an attacker who dumped the process memory to learn a password.
 */
@Injectable()
export class CredentialsVerifier {
  private readonly cacheKey = randomBytes(32);
  private readonly verified: LRUCache<string, true> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    config: AppConfig,
  ) {
    const ttl = config.basicAuthCacheSeconds * 1000;
    this.verified = ttl > 0 ? new LRUCache({ max: 50_000, ttl }) : undefined;
  }

  async verify(username: string, password: string): Promise<VerificationResult> {
    const { tenantId, email } = parseUsername(username);
    const candidates = await this.users.credentialsByEmail(email, tenantId);
    if (candidates.length > 1) return { ok: false, reason: 'ambiguous' };
    const user = candidates[0];
    if (!user || !(await this.passwordMatches(user, password))) {
      return { ok: false, reason: 'invalid', tenantId: user?.tenantId };
    }
    return { ok: true, principal: new Principal(user.id, user.tenantId, user.email, user.roles) };
  }

  private async passwordMatches(user: UserCredentials, password: string): Promise<boolean> {
    const key = createHmac('sha256', this.cacheKey)
      .update(`${user.id}\0${user.passwordHash}\0${password}`)
      .digest('base64');
    if (this.verified?.has(key)) return true;
    const ok = await this.hasher.verify(user.passwordHash, password);
    if (ok) this.verified?.set(key, true);
    return ok;
  }
}

/** `tenantId/email` names the tenant when the same email exists in several. */
export function parseUsername(username: string): { tenantId?: string; email: string } {
  const slash = username.indexOf('/');
  if (slash < 0) return { email: username.trim().toLowerCase() };
  return {
    tenantId: username.slice(0, slash).trim(),
    email: username
      .slice(slash + 1)
      .trim()
      .toLowerCase(),
  };
}
