import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../../config/app-config';
import { CredentialsVerifier } from '../credentials-verifier';
import { PhoneSessions } from '../phone-sessions';
import type { Principal } from '../principal';
import { type AccessClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '../token.service';

/**
 * Bearer access tokens: one fixed algorithm, issuer, audience and expiry (`alg: none` and any other
 * algorithm are refused). The user (or device user) is re-read so a deleted user, changed roles or a
 * revoked device user take effect at once; a phone-bound token's phone session likewise.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly verifier: CredentialsVerifier,
    private readonly phoneSessions: PhoneSessions,
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
    const loaded = await this.verifier.principalById(claims.sub, claims.knd ?? 'user');
    if (!loaded || loaded.tenantId !== claims.tid) return false;
    if (claims.phn === undefined) return loaded;
    if (typeof claims.phn !== 'string' || typeof claims.sid !== 'string') return false;
    // A phone-bound token: only while its phone is registered with this session (checked on every request).
    const principal = loaded.boundTo({ phoneId: claims.phn, sessionId: claims.sid });
    return (await this.phoneSessions.holds(principal)) && principal;
  }
}
