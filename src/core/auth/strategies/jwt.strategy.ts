import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../../config/app-config';
import { UsersRepository } from '../../tenancy/users.repository';
import { Principal } from '../principal';
import { type AccessClaims, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from '../token.service';

/**
 * Bearer access tokens: one fixed algorithm, issuer, audience and expiry (`alg: none` and any other
 * algorithm are refused). The user is re-read so a deleted user or changed roles take effect at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly users: UsersRepository,
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
    const user = await this.users.credentialsById(claims.sub);
    if (!user || user.tenantId !== claims.tid) return false;
    return new Principal(user.id, user.tenantId, user.email, user.roles);
  }
}
