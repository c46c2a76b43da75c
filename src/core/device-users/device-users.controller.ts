import { Controller, Delete, Get, HttpCode, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { Role } from '../auth/role.enum';
import { ApiPagedResponse } from '../http/api-paged-response.decorator';
import { PlatformException } from '../http/app.exception';
import { Operation } from '../http/operation.decorator';
import { PageQuery } from '../http/page-query.dto';
import { paginate } from '../http/pagination';
import { Transactional } from '../transaction/transactional.decorator';
import { DeviceUserResponse } from './dto/device-user.response';
import { DeviceUsersService } from './device-users.service';

@ApiTags('Platform: tenants and users')
@Controller('api/v1/tenants/:tenantId/device-users')
@Authenticated({ roles: [Role.TENANT_ADMIN] })
export class DeviceUsersController {
  constructor(private readonly deviceUsers: DeviceUsersService) {}

  @Get()
  @Operation({
    id: 'listDeviceUsers',
    summary: "List a tenant's device users",
    description: 'The `device_<id>` logins that registration or CSV import created, in a stable order.',
  })
  @ApiPagedResponse(DeviceUserResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeviceUserResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.deviceUsers.list(tenantId, skip, take),
    );
    return rows.map((row) => DeviceUserResponse.from(row));
  }

  @Delete(':deviceId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'revokeDeviceUser',
    summary: 'Revoke a device user',
    description:
      'Deletes the `device_<id>` login: its Basic credentials, access and refresh tokens stop working at once. ' +
      'The device id is exact and percent-encoded in the path (`a/b` is `a%2Fb`). A new registration or ' +
      'CSV import creates it again with a new password.',
  })
  @ApiNotFoundResponse({ description: 'The tenant has no device user with this id.' })
  async revoke(@Param('tenantId') tenantId: string, @Param('deviceId') deviceId: string): Promise<void> {
    if (!(await this.deviceUsers.revoke(tenantId, deviceId))) throw PlatformException.notFound('device user');
  }
}
