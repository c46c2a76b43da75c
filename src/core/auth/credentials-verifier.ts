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

/** A password as presented, for a login (an email or a device id, without its tenant), and where it came from. */
interface Presented {
  login: string;
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
 * only give the same answer. Wrong passwords are counted per login and client address, and past the
 * limit refused before argon2 runs (PasswordGuesses).
 */
@Injectable()
export class CredentialsVerifier {
  private readonly cacheKey = randomBytes(32);
  private readonly stampKey: Buffer;
  private readonly verified: LRUCache<string, true> | undefined;
  /** Checks running now, by candidates and password: callers presenting the same password at once share one. */
  private readonly checking = new Map<string, Promise<boolean[]>>();
  /** The hash an unknown name is checked against, made on first need. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    config: AppConfig,
    private readonly deviceUsers: DeviceUsersRepository,
    private readonly guesses: PasswordGuesses,
  ) {
    this.stampKey = createHmac('sha256', config.jwtSecret).update('credential-stamp').digest();
    const ttl = config.basicAuthCacheSeconds * 1000;
    // ttlResolution 0: the clock is read on each use. lru-cache's default caches it for 1 ms behind a
    // timer, which a service polled more than 1 ms apart paid on every request (a timer set and fired).
    this.verified =
      ttl > 0 ? new LRUCache({ max: 50_000, ttl, updateAgeOnGet: true, ttlResolution: 0 }) : undefined;
  }

  // Promise chains rather than async functions, here and in the credentials lookups: every
  // authenticated request runs them, and each async frame and await is a promise more for the request
  // context's hooks; a remembered password (nearly every request) is answered without one (issue 12).
  /** `clientAddress`: where the request came from (request.ip), whose password checks are counted. */
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
          { login: email, password, clientAddress },
          (user) => new Principal(user.id, user.tenantId, user.email, user.roles),
        ),
      );
  }

  /**
   * The principal a token names, read again so a deleted user or revoked device user stops at once; with
   * `stamp` (an access token's), only while its password is still the one the token was issued under.
   */
  async principalById(id: string, kind: PrincipalKind, stamp?: string): Promise<Principal | undefined> {
    const row = await this.credentialsById(id, kind);
    if (!row || (stamp !== undefined && stamp !== this.stampOf(row.passwordHash))) return undefined;
    return 'deviceId' in row
      ? Principal.device(row.id, row.tenantId, row.deviceId)
      : new Principal(row.id, row.tenantId, row.email, row.roles);
  }

  /**
   * What an access token carries of its principal's password, so a new password ends it at once: an HMAC
   * of the stored hash under a key derived from the signing secret (the same on every instance; the
   * hash itself never leaves). Undefined when the principal no longer exists.
   */
  credentialStamp(id: string, kind: PrincipalKind): Promise<string | undefined> {
    return this.credentialsById(id, kind).then((row) => row && this.stampOf(row.passwordHash));
  }

  private credentialsById(id: string, kind: PrincipalKind) {
    return kind === 'device' ? this.deviceUsers.credentialsById(id) : this.users.credentialsById(id);
  }

  private stampOf(passwordHash: string): string {
    return createHmac('sha256', this.stampKey).update(passwordHash).digest('base64url').slice(0, 22);
  }

  private verifyDevice(
    { tenantId, deviceId }: DeviceLogin,
    password: string,
    clientAddress: string,
  ): Promise<VerificationResult> {
    return this.deviceUsers
      .credentialsByDeviceId(deviceId, tenantId)
      .then((candidates) =>
        this.check('device', candidates, { login: deviceId, password, clientAddress }, (device) =>
          Principal.device(device.id, device.tenantId, device.deviceId),
        ),
      );
  }

  /**
   * The one candidate whose password matches, as `principal` makes it. A remembered password answers
   * at once. Otherwise the check is counted (refused past the limit) and argon2 checks every candidate,
   * or a dummy hash when there is none, so an unknown name costs the time of a wrong password and tells
   * nothing. Several matching (one name and password in several tenants) is ambiguous: another tenant's
   * user of the same name cannot make a login ambiguous without its password.
   */
  private check<C extends Candidate>(
    kind: PrincipalKind,
    candidates: readonly C[],
    { login, password, clientAddress }: Presented,
    principal: (candidate: C) => Principal,
  ): VerificationResult | Promise<VerificationResult> {
    const keys = candidates.map((candidate) => this.rememberKey(candidate, password));
    const remembered = candidates.find((_, i) => this.verified?.get(keys[i]));
    if (remembered) return { ok: true, principal: principal(remembered) };
    return this.checked(`${kind}:${login}`, clientAddress, candidates, keys, password).then(
      (matches): VerificationResult => {
        const matching = candidates.filter((_, i) => matches[i]);
        if (matching.length === 1) return { ok: true, principal: principal(matching[0]) };
        if (matching.length > 1) return { ok: false, reason: 'ambiguous', kind };
        const tenantId = candidates.length === 1 ? candidates[0].tenantId : undefined;
        return { ok: false, reason: 'invalid', kind, tenantId };
      },
    );
  }

  /**
   * Counts the check, then argon2's answer for each candidate (the matching ones remembered, and the
   * count given back), or for a dummy hash when there is none. When a busy client's entry expires, its
   * concurrent requests would each be counted and run argon2 (~11-30 ms of a core apiece, a stall for
   * all of them): the first does, from its first step, and the others wait for its answer.
   */
  private checked(
    login: string,
    clientAddress: string,
    candidates: readonly Candidate[],
    keys: string[],
    password: string,
  ): Promise<boolean[]> {
    const shared = keys.join('\n');
    const running = candidates.length > 0 ? this.checking.get(shared) : undefined;
    if (running) return running;
    const check = this.guesses
      .admit(login, clientAddress)
      .then(() =>
        candidates.length === 0
          ? this.dummyCheck(password).then(() => [])
          : Promise.all(
              candidates.map((candidate, i) =>
                this.hasher.verify(candidate.passwordHash, password).then((ok) => {
                  if (ok) this.verified?.set(keys[i], true);
                  return ok;
                }),
              ),
            ),
      )
      .then(async (matches) => {
        if (matches.includes(true)) await this.guesses.acquit(login, clientAddress);
        return matches;
      });
    if (candidates.length > 0) {
      this.checking.set(shared, check);
      const done = () => this.checking.delete(shared);
      check.then(done, done);
    }
    return check;
  }

  /** Under a per-process key, so the cache holds nothing that would help learn a password. */
  private rememberKey(candidate: Candidate, password: string): string {
    return createHmac('sha256', this.cacheKey)
      .update(`${candidate.id}\0${candidate.passwordHash}\0${password}`)
      .digest('base64');
  }

  /** A check against a hash no password matches: an unknown name answers as late as a wrong password. */
  private dummyCheck(password: string): Promise<boolean> {
    this.dummyHash ??= this.hasher.hash(randomBytes(32).toString('base64'));
    return this.dummyHash.then((hash) => this.hasher.verify(hash, password));
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
