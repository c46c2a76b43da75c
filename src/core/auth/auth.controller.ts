import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { PlatformException } from '../http/app.exception';
import { Operation } from '../http/operation.decorator';
import { Public } from './authenticated.decorator';
import { parseAuthorization, parseBearer } from './authorization-header';
import { CredentialsVerifier } from './credentials-verifier';
import { TokenPairResponse } from './dto/token-pair.response';
import { TokenService } from './token.service';

@ApiTags('Platform: authentication')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly verifier: CredentialsVerifier,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiBasicAuth('basic')
  @Operation({
    id: 'login',
    summary: 'Exchange HTTP Basic credentials for tokens',
    description:
      'Username `email`, or `tenantId/email` when the email exists in several tenants; a device user ' +
      '`device_<id>` or `tenantId/device_<id>` (the id exact, case-sensitive). Rate limited per client address.',
  })
  @ApiUnauthorizedResponse({
    description:
      'Wrong credentials, or an email or device id found in several tenants without a tenant prefix.',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; see Retry-After.' })
  async login(@Req() request: FastifyRequest): Promise<TokenPairResponse> {
    const credentials = parseAuthorization(request.headers.authorization);
    if (credentials?.scheme !== 'basic') throw PlatformException.unauthorized('send HTTP Basic credentials');
    this.audit.describe({ actor: credentials.username });
    const result = await this.verifier.verify(credentials.username, credentials.password, request.ip);
    if (!result.ok) {
      this.audit.describe({ tenantId: result.tenantId ?? null });
      throw PlatformException.unauthorized(
        result.reason !== 'ambiguous'
          ? 'invalid credentials'
          : result.kind === 'device'
            ? 'this device user exists in several tenants: log in as tenantId/device_<id>'
            : 'this email exists in several tenants: log in as tenantId/email',
      );
    }
    this.audit.describe({ tenantId: result.principal.tenantId, target: result.principal.userId });
    return this.tokens.issue(result.principal);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiBearerAuth('bearer')
  @Operation({
    id: 'refreshTokens',
    summary: 'Exchange a refresh token (as Bearer) for a new pair',
    description:
      'Refresh tokens rotate: each works once. Presenting a used one is a 401 and revokes the whole session.',
  })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired, revoked or already used refresh token.' })
  async refresh(@Req() request: FastifyRequest): Promise<TokenPairResponse> {
    const token = parseBearer(request.headers.authorization);
    if (!token) throw PlatformException.unauthorized('send the refresh token as a Bearer token');
    return this.tokens.rotate(token, async (userId, kind) => {
      const principal = await this.verifier.principalById(userId, kind);
      if (principal)
        this.audit.describe({ tenantId: principal.tenantId, actor: principal.email, target: userId });
      return principal;
    });
  }
}
