import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { PlatformErrorCode, PlatformException } from '../http/app.exception';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { Principal, PrincipalKind } from './principal';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'device-gateway';
export const JWT_AUDIENCE = 'device-gateway';

/** `knd` says which kind of principal `sub` names (absent in tokens issued before device users: a user). */
export interface AccessClaims {
  sub: string;
  tid: string;
  typ: 'access';
  knd?: PrincipalKind;
}

interface RefreshClaims {
  sub: string;
  jti: string;
  fam: string;
  typ: 'refresh';
  knd?: PrincipalKind;
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
  ) {}

  async issue(principal: Principal, familyId: string = randomUUID()): Promise<TokenPair> {
    const jti = randomUUID();
    const refreshTtl = this.config.refreshTokenTtlSeconds;
    await this.refreshTokens.insert({
      id: jti,
      familyId,
      userId: principal.userId,
      expiresAt: new Date(Date.now() + refreshTtl * 1000),
    });
    const knd = principal.kind;
    const access: AccessClaims = { sub: principal.userId, tid: principal.tenantId, typ: 'access', knd };
    const refresh: RefreshClaims = { sub: principal.userId, jti, fam: familyId, typ: 'refresh', knd };
    return {
      accessToken: await this.jwt.signAsync(access, { expiresIn: this.config.accessTokenTtlSeconds }),
      refreshToken: await this.jwt.signAsync(refresh, { expiresIn: refreshTtl }),
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }

  /**
   * Verifies a refresh token and marks it used in one conditional UPDATE, so of two concurrent
   * refreshes with the same token exactly one wins; the loser (or any later replay) revokes the family.
   */
  async rotate(
    refreshToken: string,
    load: (userId: string, kind: PrincipalKind) => Promise<Principal | undefined>,
  ): Promise<TokenPair> {
    const claims = await this.verifyRefresh(refreshToken);
    const claimed = await this.refreshTokens.markUsed(claims.jti);
    if (!claimed) {
      await this.refreshTokens.revokeFamily(claims.fam);
      throw invalidRefresh('refresh token already used: its session has been revoked');
    }
    const principal = await load(claims.sub, claims.knd ?? 'user');
    if (!principal) throw invalidRefresh('user no longer exists');
    return this.issue(principal, claims.fam);
  }

  /** The claims of a valid access token (signature, algorithm, issuer, audience, expiry); else undefined. */
  verifyAccess(token: string): AccessClaims | undefined {
    try {
      const claims = this.jwt.verify<AccessClaims>(token);
      if (claims.typ === 'access' && typeof claims.sub === 'string') return claims;
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
