import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../../config/app-config';
import { CredentialsVerifier } from '../credentials-verifier';
import type { Principal } from '../principal';
import { type AccessClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '../token.service';

/**
 * Bearer access tokens: one fixed algorithm, issuer, audience and expiry (`alg: none` and any other
 * algorithm are refused). The user (or device user) is re-read so a deleted user, changed roles or a
 * revoked device user take effect at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly verifier: CredentialsVerifier,
    config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<Principal | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const principal = await this.verifier.principalById(claims.sub, claims.knd ?? 'user');
    if (!principal || principal.tenantId !== claims.tid) return false;
    return principal;
  }
}
