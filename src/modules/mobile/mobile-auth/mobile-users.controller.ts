import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { PageQuery } from '../../../core/http/page-query.dto';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { MobilePhoneResponse, MobileUserResponse, PutMobileUserDto } from './dto/mobile-user.dto';
import { MobileUsersService } from './mobile-users.service';

/** Management API of the mobile users, beside the site model's (`/access-control/...`). */
@ApiTags('Primis: mobile users and phones (access control)')
@Controller('api/v1/tenants/:tenantId/access-control/mobile-users')
@Authenticated({ roles: [Role.MOBILE_ADMIN, Role.TENANT_ADMIN] })
export class MobileUsersController {
  constructor(private readonly mobileUsers: MobileUsersService) {}

  @Put(':email')
  @Transactional()
  @Operation({
    id: 'putMobileUser',
    summary: 'Create or replace a mobile user',
    description:
      'A platform user of the tenant with MOBILE_USER (and MOBILE_ADMIN when `isAdmin`): it logs in with Basic ' +
      '`email:password` on `POST /api/mobile/login`. A replace keeps the password when none is sent, keeps ' +
      'platform roles the user holds besides the mobile ones (only a tenant admin may change such a user), and ' +
      "replaces the access groups. A new password ends the sessions of the user's phones.",
  })
  @ApiCreatedResponse({ type: MobileUserResponse, description: 'Created: no user had this email.' })
  @ApiOkResponse({ type: MobileUserResponse, description: 'Replaced.' })
  @ApiUnprocessableEntityResponse({ description: 'An access group id the tenant has no group for.' })
  async put(
    @Param('tenantId') tenantId: string,
    @Param('email') email: string,
    @Body() dto: PutMobileUserDto,
    @CurrentUser() caller: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MobileUserResponse> {
    const { created, user } = await this.mobileUsers.put(tenantId, email, dto, caller);
    void reply.status(created ? 201 : 200);
    return user;
  }

  @Get()
  @Operation({
    id: 'listMobileUsers',
    summary: 'List mobile users, by email',
    description:
      'Users made by this API, and users given a mobile role elsewhere once they logged in on a phone.',
  })
  @ApiPagedResponse(MobileUserResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MobileUserResponse[]> {
    return paginate({ request, reply }, query, (skip, take) => this.mobileUsers.list(tenantId, skip, take));
  }

  @Get(':email')
  @Operation({ id: 'getMobileUser', summary: 'Get a mobile user' })
  @ApiNotFoundResponse({ description: 'No user with this email holds a mobile role in the tenant.' })
  get(@Param('tenantId') tenantId: string, @Param('email') email: string): Promise<MobileUserResponse> {
    return this.mobileUsers.get(tenantId, email);
  }

  @Delete(':email')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteMobileUser',
    summary: 'Delete a mobile user',
    description:
      'Its phones are revoked (their licence places freed), its access groups and profile go. A user with only ' +
      'mobile roles is deleted; one with platform roles keeps them and loses the mobile ones.',
  })
  @ApiNotFoundResponse({ description: 'No user with this email holds a mobile role in the tenant.' })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('email') email: string,
    @CurrentUser() caller: Principal,
  ): Promise<void> {
    await this.mobileUsers.delete(tenantId, email, caller);
  }

  @Get(':email/phones')
  @Operation({ id: 'listMobileUserPhones', summary: "List a mobile user's registered phones" })
  @ApiOkResponse({ type: [MobilePhoneResponse] })
  async phones(
    @Param('tenantId') tenantId: string,
    @Param('email') email: string,
  ): Promise<MobilePhoneResponse[]> {
    return (await this.mobileUsers.phonesOf(tenantId, email)).map((phone) => MobilePhoneResponse.from(phone));
  }

  @Delete(':email/phones/:phoneId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'revokeMobilePhone',
    summary: 'Revoke a registered phone',
    description:
      'Its tokens stop at once and its licence places are free; the app must register again. The phone of a ' +
      'user with platform roles only a tenant admin may revoke (403).',
  })
  @ApiNotFoundResponse({ description: 'No such user, or the phone is not registered to it.' })
  async revokePhone(
    @Param('tenantId') tenantId: string,
    @Param('email') email: string,
    @Param('phoneId') phoneId: string,
    @CurrentUser() caller: Principal,
  ): Promise<void> {
    await this.mobileUsers.revokePhone(tenantId, email, phoneId, caller);
  }
}
