import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CredentialsVerifier } from '../../../core/auth/credentials-verifier';
import type { Principal } from '../../../core/auth/principal';
import { TokenService } from '../../../core/auth/token.service';
import { isUniqueViolation } from '../../../core/database/database-errors';
import { retryOnDeadlock } from '../../../core/database/deadlock-retry';
import { KeyedTurns } from '../../../core/database/keyed-turns';
import { AppException } from '../../../core/http/app.exception';
import { TenantsService } from '../../../core/tenancy/tenants.service';
import { UsersService } from '../../../core/tenancy/users.service';
import { PrimisException } from '../primis.exception';
import type {
  MobileLoginResponse,
  MobileTokenLoginResponse,
  RenewedTokenResponse,
} from './dto/mobile-session.response';
import { BeaconConfiguration } from './beacon-configuration';
import { MobileAuthErrors } from './mobile-auth.errors';
import { isMobileUser, type MobileCaller, MobileCallerService } from './mobile-caller.service';
import { MobilePhonesRepository } from './mobile-phones.repository';
import { MobileProfilesRepository } from './mobile-profiles.repository';
import { PhoneLicenceService } from './phone-licence.service';
import { judgePassword, PLATFORM_PASSWORD_LENGTH } from './password-rule';

/**
 * Mobile login, token renewal, deregistration and password change. A Basic login registers the
 * phone under the tenant's licence (PhoneLicenceService) or starts a new session on it, in one
 * transaction, so the limits hold under concurrent logins on every instance.
 */
@Injectable()
export class MobileLoginService {
  private readonly registrations = new KeyedTurns();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly verifier: CredentialsVerifier,
    private readonly tokens: TokenService,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly phones: MobilePhonesRepository,
    private readonly profiles: MobileProfilesRepository,
    private readonly callers: MobileCallerService,
    private readonly licence: PhoneLicenceService,
    private readonly beacons: BeaconConfiguration,
  ) {}

  /** A mobile user's Basic credentials, or the Primis 401. */
  async authenticate(username: string, password: string, clientAddress: string): Promise<Principal> {
    const result = await this.verifier.verify(username, password, clientAddress);
    if (!result.ok)
      throw result.reason === 'ambiguous'
        ? MobileAuthErrors.ambiguousEmail()
        : MobileAuthErrors.invalidCredentials();
    if (!isMobileUser(result.principal)) throw MobileAuthErrors.notMobileUser();
    return result.principal;
  }

  /** Registers the phone (or starts a new session on it) and issues its tokens. */
  async login(principal: Principal, phoneId: string): Promise<MobileLoginResponse> {
    const { mobilePhonesPerUser } = await this.tenants.get(principal.tenantId);
    // Outside the registration's transaction: creating it there would share-lock it first (a deadlock).
    await this.profiles.ensure(principal.tenantId, principal.userId);
    const transaction = () =>
      this.txHost.withTransaction(() => this.register(principal, phoneId, mobilePhonesPerUser));
    // A new phone writes the tenant's licence counter, one row that every instance writes: this
    // instance's registrations in the tenant take turns (README "Scaling out"). A phone already
    // registered does not touch it and need not wait; this read only chooses, the transaction decides.
    const isNew = (await this.phones.ownerOf(principal.tenantId, phoneId)) === undefined;
    const attempt = isNew ? () => this.registrations.run(principal.tenantId, transaction) : transaction;
    const register = () => retryOnDeadlock(attempt);
    // The same new phone logging in twice at once: the second insert meets the first's row; run it again.
    const { bound, pair } = await register().catch((error: unknown) => {
      if (isUniqueViolation(error)) return register();
      throw error;
    });
    const caller = await this.callers.resolve(bound);
    return { ...(await this.answer(caller, pair.accessToken)), refreshToken: pair.refreshToken };
  }

  /** `POST /api/mobile/access_token/login`: a phone-bound access token, and the body's phone must be its. */
  async tokenLogin(principal: Principal, phoneId: string): Promise<MobileTokenLoginResponse> {
    if (principal.phone === null) throw MobileAuthErrors.invalidAccessToken();
    const caller = await this.callers.resolve(principal, phoneId);
    return this.answer(caller, await this.tokens.signAccess(principal));
  }

  /** Rotates a phone-bound refresh token; not in a transaction, so a replay's revocation stays. */
  async renew(refreshToken: string | undefined): Promise<RenewedTokenResponse> {
    if (!refreshToken) throw MobileAuthErrors.invalidRefreshToken();
    let email = '';
    const pair = await this.tokens
      .rotate(
        refreshToken,
        async (userId, kind) => {
          const principal = await this.verifier.principalById(userId, kind);
          if (!principal || !isMobileUser(principal)) return undefined;
          email = principal.email;
          return principal;
        },
        { phoneBound: true },
      )
      .catch((error: unknown) => {
        if (error instanceof AppException && error.status === 401)
          throw MobileAuthErrors.invalidRefreshToken();
        throw error;
      });
    return {
      jwt: pair.accessToken,
      status: 'ok',
      email,
      'phone-id': phoneIdOf(pair.accessToken),
      refreshToken: pair.refreshToken,
    };
  }

  /** Deregisters one of the caller's phones and gives its licence places back; its tokens stop at once. */
  async deregister(principal: Principal, phoneId: string): Promise<void> {
    const caller = await this.callers.resolve(principal);
    if (!(await this.licence.remove(caller.tenantId, caller.userId, phoneId)))
      throw MobileAuthErrors.phoneNotRegistered();
  }

  /**
   * The spec's rule and the platform's bounds; then the platform's password change (argon2id, its
   * refresh sessions end) and every phone session of the user ends: log in again with the new password.
   */
  async changePassword(principal: Principal, newPassword: unknown): Promise<void> {
    const caller = await this.callers.resolve(principal);
    if (typeof newPassword !== 'string') throw PrimisException.invalidPassword();
    const verdict = judgePassword(newPassword);
    if (verdict === 'spec-rule') throw PrimisException.invalidPassword();
    if (verdict === 'length')
      throw MobileAuthErrors.passwordLength(PLATFORM_PASSWORD_LENGTH.min, PLATFORM_PASSWORD_LENGTH.max);
    await this.users.update(caller.tenantId, caller.userId, { password: newPassword }, principal);
    await this.phones.endSessionsOf(caller.tenantId, caller.userId);
  }

  private async register(principal: Principal, phoneId: string, perUser: number | null) {
    const { tenantId, userId } = principal;
    const sessionId = randomUUID();
    const bound = principal.boundTo({ phoneId, sessionId });
    // The tokens first: the licence's counters (the tenant's row above all) are hot on a cluster, and a
    // row stays locked, open to other nodes' conflicting writes, from its write to the commit.
    const pair = await this.tokens.issue(bound);
    const owner = await this.phones.ownerOf(tenantId, phoneId);
    if (owner === undefined) {
      await this.licence.register(tenantId, userId, phoneId, sessionId, perUser);
    } else if (owner !== userId || !(await this.phones.renewSession(tenantId, userId, phoneId, sessionId))) {
      throw MobileAuthErrors.phoneOfAnotherUser();
    }
    return { bound, pair };
  }

  private async answer(caller: MobileCaller, jwt: string): Promise<MobileTokenLoginResponse> {
    return {
      registered: true,
      isAdmin: caller.isAdmin,
      email: caller.email,
      beacon: await this.beacons.of(caller.tenantId, caller.userId),
      jwt,
      'phone-id': caller.phoneId as string,
      status: 'ok',
      zoneAccess: caller.zoneAccess,
    };
  }
}

/** The phone of a token this service just signed (its signature needs no second check). */
function phoneIdOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    phn?: string;
  };
  return claims.phn ?? '';
}
