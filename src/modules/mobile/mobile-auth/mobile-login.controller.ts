import { Body, Controller, Delete, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../../../core/audit/audit.service';
import { Authenticated, Public } from '../../../core/auth/authenticated.decorator';
import { parseBasic, parseBearer } from '../../../core/auth/authorization-header';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { Operation } from '../../../core/http/operation.decorator';
import { SecretsInAnswer } from '../../../core/idempotency/secrets-in-answer.decorator';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { PRIMIS_MESSAGES } from '../primis.exception';
import {
  MobileLoginResponse,
  MobileTokenLoginResponse,
  RenewedTokenResponse,
  StatusMessageResponse,
  StatusResponse,
} from './dto/mobile-session.response';
import { NewPasswordDto } from './dto/new-password.dto';
import { PhoneIdDto } from './dto/phone-id.dto';
import { LoginThrottle } from './login-throttle';
import { MobileAuthErrors } from './mobile-auth.errors';
import { MobileLoginService } from './mobile-login.service';

const MOBILE_USERS = [Role.MOBILE_USER, Role.MOBILE_ADMIN];

/** Primis chapters 3-7: register/login, access-token login, renewal, deregistration, password. */
@ApiTags('Primis mobile: login and phones')
@Controller('api/mobile')
export class MobileLoginController {
  constructor(
    private readonly login: MobileLoginService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  @Post('login')
  @Public()
  @ApiBasicAuth('basic')
  @Operation({
    id: 'mobileLogin',
    summary: 'Register a mobile device, or log in on it',
    description:
      'Basic `email:password`, or `tenantId/email:password` when the email exists in several tenants; the ' +
      "user holds MOBILE_USER or MOBILE_ADMIN. A new phone takes a place under the tenant's licence " +
      '(`mobilePhonesPerUser`, `mobilePhonesTotal`); logging in again on a registered phone starts a new ' +
      'session and ends the previous one. Rate limited per account and client address.',
  })
  @ApiUnauthorizedResponse({ description: 'Incorrect email or password' })
  @ApiBadRequestResponse({ description: PRIMIS_MESSAGES.licenceExceeded })
  @ApiConflictResponse({
    description: 'The mobile device is registered to another user: deregister it first',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many login attempts, retry later' })
  async register(@Req() request: FastifyRequest, @Body() body: PhoneIdDto): Promise<MobileLoginResponse> {
    const credentials = parseBasic(request.headers.authorization);
    if (!credentials) throw MobileAuthErrors.invalidCredentials();
    this.audit.describe({ actor: credentials.username, target: body.phoneId });
    await this.throttle.check(credentials.username, request.ip);
    const principal = await this.login.authenticate(credentials.username, credentials.password, request.ip);
    this.audit.describe({ tenantId: principal.tenantId, actor: principal.email });
    return this.login.login(principal, body.phoneId);
  }

  @Post('access_token/login')
  @Authenticated({ roles: MOBILE_USERS })
  @SecretsInAnswer()
  @Operation({
    id: 'mobileAccessTokenLogin',
    summary: 'Log in with an access token',
    description:
      "Bearer: the access token of a phone's login; `phoneId` must be that phone. Answers a new access token.",
  })
  async tokenLogin(
    @CurrentUser() user: Principal,
    @Body() body: PhoneIdDto,
  ): Promise<MobileTokenLoginResponse> {
    return this.login.tokenLogin(user, body.phoneId);
  }

  @Post('access_token')
  @Public()
  @ApiBearerAuth('bearer')
  @Operation({
    id: 'mobileRenewAccessToken',
    summary: 'Renew the access token with the refresh token',
    description:
      'Bearer: the refresh token, body `{}`. Refresh tokens rotate: the answer carries the next one in ' +
      "`refreshToken`; presenting one a second time ends the phone's session (its access tokens stop too).",
  })
  @ApiUnauthorizedResponse({ description: 'Invalid refresh token' })
  async renew(@Req() request: FastifyRequest): Promise<RenewedTokenResponse> {
    return this.login.renew(parseBearer(request.headers.authorization));
  }

  @Delete('registration')
  @Transactional()
  @Authenticated({ roles: MOBILE_USERS })
  @Operation({
    id: 'mobileDeregister',
    summary: 'Deregister a mobile device',
    description:
      "Basic or Bearer. The phone must be the caller's; its tokens stop at once and its licence place is free.",
  })
  @ApiNotFoundResponse({ description: 'The mobile device is not registered to this user' })
  async deregister(@CurrentUser() user: Principal, @Body() body: PhoneIdDto): Promise<StatusResponse> {
    await this.login.deregister(user, body.phoneId);
    return { status: 'ok' };
  }

  @Post('password')
  @Transactional()
  @Authenticated({ roles: MOBILE_USERS })
  @Operation({
    id: 'mobileChangePassword',
    summary: "Change the mobile user's password",
    description:
      'Basic or Bearer. Every session of the user ends (platform rule): the app logs in again with the new ' +
      "password. Beyond the spec's rule the platform's bounds apply: outside 10 to 256 characters is a 400 " +
      '`Password must be between 10 and 256 characters`.',
  })
  @ApiBadRequestResponse({ description: PRIMIS_MESSAGES.invalidPassword })
  async changePassword(
    @CurrentUser() user: Principal,
    @Body() body: NewPasswordDto,
  ): Promise<StatusMessageResponse> {
    await this.login.changePassword(user, body.newPassword);
    return { status: 'ok', message: 'Password successfully updated' };
  }
}
