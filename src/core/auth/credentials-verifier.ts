import { createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/app-config';
import { type DeviceLogin, parseDeviceLogin } from '../device-users/device-login';
import { DeviceUsersRepository } from '../device-users/device-users.repository';
import { UsersRepository } from '../tenancy/users.repository';
import { PasswordGuesses } from './password-guesses';
import { PasswordHasher } from './password-hasher';
import { Principal, type PrincipalKind } from './principal';

export type VerificationResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'invalid' | 'ambiguous'; kind: PrincipalKind; tenantId?: string };

/** A password as presented, and the address it came from. */
interface Presented {
  password: string;
  clientAddress: string;
}

/** What a password is checked against: the row's id, tenant and stored hash. */
interface Candidate {
  id: string;
  tenantId: string;
  passwordHash: string;
}

/**
 * Checks `email:password`, `tenantId/email:password`, and the device users' `device_<id>:password`
 * and `tenantId/device_<id>:password`. A full argon2 verification happens once; successes are
 * remembered for a short while under an HMAC of (principal, stored hash, password) with a per-process
 * key, so a changed password (new hash) or a revoked device user (no row) never matches an old entry,
 * and the cache holds nothing that would help an attacker who dumped the process memory to learn a password.
 * An entry is forgotten BASIC_AUTH_CACHE_SECONDS after its last use, not after the first: a client that
 * polls every few seconds would otherwise meet an argon2 check (~11-30 ms of a core, every request of
 * that client waiting for it) once a TTL, and re-checking the same password against the same hash can
 * only give the same answer. Checks that reach argon2 are limited per account and client address
 * (PasswordGuesses): wrong passwords are counted, and past the limit refused before argon2 runs.
 */
@Injectable()
export class CredentialsVerifier {
  private readonly cacheKey = randomBytes(32);
  private readonly verified: LRUCache<string, true> | undefined;
  /** Verifications running now, by the same key: callers presenting the same password at once share one. */
  private readonly verifying = new Map<string, Promise<boolean>>();

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    config: AppConfig,
    private readonly deviceUsers: DeviceUsersRepository,
    private readonly guesses: PasswordGuesses,
  ) {
    const ttl = config.basicAuthCacheSeconds * 1000;
    // ttlResolution 0: the clock is read on each use. lru-cache's default caches it for 1 ms behind a
    // timer, which a service polled more than 1 ms apart paid on every request (a timer set and fired).
    this.verified =
      ttl > 0 ? new LRUCache({ max: 50_000, ttl, updateAgeOnGet: true, ttlResolution: 0 }) : undefined;
  }

  // Promise chains rather than async functions, here and in the credentials lookups: every
  // authenticated request runs them, and each async frame and await is a promise more for the request
  // context's hooks; a remembered password (nearly every request) is answered without one (issue 12).
  /** `clientAddress`: where the request came from (request.ip), whose wrong passwords are counted. */
  verify(username: string, password: string, clientAddress: string): Promise<VerificationResult> {
    const device = parseDeviceLogin(username);
    if (device) return this.verifyDevice(device, password, clientAddress);
    const { tenantId, email } = parseUsername(username);
    return this.users
      .credentialsByEmail(email, tenantId)
      .then((candidates) =>
        this.check(
          'user',
          candidates,
          { password, clientAddress },
          (user) => new Principal(user.id, user.tenantId, user.email, user.roles),
        ),
      );
  }

  /** The principal a token names, read again so a deleted user or revoked device user stops at once. */
  async principalById(id: string, kind: PrincipalKind): Promise<Principal | undefined> {
    if (kind === 'device') {
      const device = await this.deviceUsers.credentialsById(id);
      return device && Principal.device(device.id, device.tenantId, device.deviceId);
    }
    const user = await this.users.credentialsById(id);
    return user && new Principal(user.id, user.tenantId, user.email, user.roles);
  }

  private verifyDevice(
    { tenantId, deviceId }: DeviceLogin,
    password: string,
    clientAddress: string,
  ): Promise<VerificationResult> {
    return this.deviceUsers
      .credentialsByDeviceId(deviceId, tenantId)
      .then((candidates) =>
        this.check('device', candidates, { password, clientAddress }, (device) =>
          Principal.device(device.id, device.tenantId, device.deviceId),
        ),
      );
  }

  /**
   * One candidate whose password matches, as `principal` makes it; several (one name in several
   * tenants) is ambiguous.
   */
  private check<C extends Candidate>(
    kind: PrincipalKind,
    candidates: readonly C[],
    presented: Presented,
    principal: (candidate: C) => Principal,
  ): VerificationResult | Promise<VerificationResult> {
    if (candidates.length > 1) return { ok: false, reason: 'ambiguous', kind };
    const candidate = candidates[0];
    if (!candidate) return { ok: false, reason: 'invalid', kind };
    const answer = (matches: boolean): VerificationResult =>
      matches
        ? { ok: true, principal: principal(candidate) }
        : { ok: false, reason: 'invalid', kind, tenantId: candidate.tenantId };
    const matches = this.passwordMatches(candidate, presented);
    return matches === true ? answer(true) : matches.then(answer);
  }

  /** `true` at once when this password was verified lately, otherwise argon2's answer to come. */
  private passwordMatches(
    candidate: Candidate,
    { password, clientAddress }: Presented,
  ): true | Promise<boolean> {
    const key = createHmac('sha256', this.cacheKey)
      .update(`${candidate.id}\0${candidate.passwordHash}\0${password}`)
      .digest('base64');
    if (this.verified?.get(key)) return true;
    // When a busy client's entry expires, its concurrent requests would each run argon2 (~11-30 ms of a
    // core apiece, a stall for all of them): the first runs it, the others wait for its answer.
    let running = this.verifying.get(key);
    if (!running) {
      running = this.guesses
        .refuseIfBlocked(candidate.id, clientAddress)
        .then(() => this.hasher.verify(candidate.passwordHash, password))
        .then(async (ok) => {
          if (ok) this.verified?.set(key, true);
          else await this.guesses.countFailure(candidate.id, clientAddress);
          return ok;
        })
        .finally(() => this.verifying.delete(key));
      this.verifying.set(key, running);
    }
    return running;
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
