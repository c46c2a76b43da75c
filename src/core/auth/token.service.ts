import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { PlatformErrorCode, PlatformException } from '../http/app.exception';
import { CredentialsVerifier } from './credentials-verifier';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { PhoneSessions } from './phone-sessions';
import type { PhoneBinding, Principal, PrincipalKind } from './principal';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'device-gateway';
export const JWT_AUDIENCE = 'device-gateway';

/**
 * `knd` says which kind of principal `sub` names (absent in tokens issued before device users: a user).
 * `phn` (the phone id) and `sid` (its session) bind a mobile token to a registered phone. `crd` is the
 * credential stamp (CredentialsVerifier.credentialStamp): a new password ends the token. A token without
 * one (signed by another party with the secret, or by an instance of an earlier version during a rolling
 * upgrade) is taken as it is: its expiry bounds it.
 */
export interface AccessClaims {
  sub: string;
  tid: string;
  typ: 'access';
  knd?: PrincipalKind;
  crd?: string;
  phn?: string;
  sid?: string;
}

/** A phone-bound refresh token's session is its family: `fam`. */
interface RefreshClaims {
  sub: string;
  jti: string;
  fam: string;
  typ: 'refresh';
  knd?: PrincipalKind;
  phn?: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Issues access + refresh JWTs and rotates refresh tokens (a reused one revokes its family). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly config: AppConfig,
    private readonly phoneSessions: PhoneSessions,
    private readonly verifier: CredentialsVerifier,
  ) {}

  /** A phone-bound principal's family is its phone session. */
  async issue(
    principal: Principal,
    familyId: string = principal.phone?.sessionId ?? randomUUID(),
  ): Promise<TokenPair> {
    const jti = randomUUID();
    const refreshTtl = this.config.refreshTokenTtlSeconds;
    await this.refreshTokens.insert({
      id: jti,
      familyId,
      userId: principal.userId,
      expiresAt: new Date(Date.now() + refreshTtl * 1000),
    });
    const phn = principal.phone?.phoneId;
    const refresh: RefreshClaims = {
      sub: principal.userId,
      jti,
      fam: familyId,
      typ: 'refresh',
      knd: principal.kind,
      phn,
    };
    return {
      accessToken: await this.signAccess(principal),
      refreshToken: await this.jwt.signAsync(refresh, { expiresIn: refreshTtl }),
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }

  /** An access token alone, for the principal's current session (a phone-bound one stays bound). */
  async signAccess(principal: Principal): Promise<string> {
    const { phone } = principal;
    const crd = await this.verifier.credentialStamp(principal.userId, principal.kind);
    const access: AccessClaims = {
      sub: principal.userId,
      tid: principal.tenantId,
      typ: 'access',
      knd: principal.kind,
      crd,
      ...(phone ? { phn: phone.phoneId, sid: phone.sessionId } : {}),
    };
    return this.jwt.signAsync(access, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  /**
   * Verifies a refresh token and marks it used in one conditional UPDATE, so of two concurrent
   * refreshes with the same token exactly one wins; the loser (or any later replay) revokes the family
   * (and a phone's session, so its access tokens stop too). Callers must not run this in a transaction
   * that the 401 rolls back. `expect` refuses tokens of the wrong binding (a phone's, or not).
   */
  async rotate(
    refreshToken: string,
    load: (userId: string, kind: PrincipalKind) => Promise<Principal | undefined>,
    expect: { phoneBound: boolean } = { phoneBound: false },
  ): Promise<TokenPair> {
    const claims = await this.verifyRefresh(refreshToken);
    if ((claims.phn !== undefined) !== expect.phoneBound)
      throw invalidRefresh('invalid or expired refresh token');
    const phone: PhoneBinding | null =
      claims.phn === undefined ? null : { phoneId: claims.phn, sessionId: claims.fam };
    const claimed = await this.refreshTokens.markUsed(claims.jti);
    if (!claimed) {
      await this.refreshTokens.revokeFamily(claims.fam);
      if (phone) await this.phoneSessions.end(claims.sub, phone);
      throw invalidRefresh('refresh token already used: its session has been revoked');
    }
    const loaded = await load(claims.sub, claims.knd ?? 'user');
    const principal = loaded && phone ? loaded.boundTo(phone) : loaded;
    if (!principal) throw invalidRefresh('user no longer exists');
    if (!(await this.phoneSessions.holds(principal)))
      throw invalidRefresh('the phone is no longer registered');
    return this.issue(principal, claims.fam);
  }

  /** The claims of a valid access token (signature, algorithm, issuer, audience, expiry); else undefined. */
  verifyAccess(token: string): AccessClaims | undefined {
    try {
      const claims = this.jwt.verify<AccessClaims>(token);
      const stamp: unknown = claims.crd;
      const stampValid = stamp === undefined || typeof stamp === 'string';
      if (claims.typ === 'access' && typeof claims.sub === 'string' && stampValid) return claims;
    } catch {
      // any verification failure is the same 401
    }
    return undefined;
  }

  private async verifyRefresh(token: string): Promise<RefreshClaims> {
    try {
      const claims = await this.jwt.verifyAsync<RefreshClaims>(token);
      if (claims.typ === 'refresh' && typeof claims.jti === 'string' && typeof claims.fam === 'string')
        return claims;
    } catch {
      // fall through: any verification failure is the same 401
    }
    throw invalidRefresh('invalid or expired refresh token');
  }
}

function invalidRefresh(message: string): PlatformException {
  return new PlatformException(HttpStatus.UNAUTHORIZED, PlatformErrorCode.UNAUTHORIZED, message);
}
