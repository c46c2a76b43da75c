import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role.enum';
import { ApiPagedResponse } from '../http/api-paged-response.decorator';
import { Operation } from '../http/operation.decorator';
import { PageQuery } from '../http/page-query.dto';
import { paginate } from '../http/pagination';
import { Transactional } from '../transaction/transactional.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';

const UUID = new ParseUUIDPipe({ version: '4' });

@ApiTags('Platform: tenants and users')
@Controller('api/v1/tenants/:tenantId/users')
@Authenticated({ roles: [Role.TENANT_ADMIN] })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Transactional()
  @Operation({
    id: 'createUser',
    summary: 'Create a user in a tenant',
    description: 'Only a system administrator may grant SYSTEM_ADMIN.',
  })
  @ApiConflictResponse({ description: 'A user with this email already exists in the tenant.' })
  async create(
    @Param('tenantId') tenantId: string,
    @Body() dto: CreateUserDto,
    @CurrentUser() caller: Principal,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(tenantId, dto, caller));
  }

  @Get()
  @Operation({ id: 'listUsers', summary: "List a tenant's users" })
  @ApiPagedResponse(UserResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.users.list(tenantId, skip, take),
    );
    return rows.map((user) => UserResponse.from(user));
  }

  @Get(':userId')
  @Operation({ id: 'getUser', summary: 'Get a user' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('userId', UUID) userId: string,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(tenantId, userId));
  }

  @Patch(':userId')
  @Transactional()
  @Operation({
    id: 'updateUser',
    summary: "Change a user's email, password or roles",
    description:
      'A new password ends every session of the user at once: its refresh tokens and the access tokens issued ' +
      'under the old password stop working.',
  })
  @ApiConflictResponse({ description: 'Another user of the tenant has this email.' })
  async update(
    @Param('tenantId') tenantId: string,
    @Param('userId', UUID) userId: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() caller: Principal,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(tenantId, userId, dto, caller));
  }

  @Delete(':userId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteUser',
    summary: 'Delete a user',
    description: 'Also revokes its refresh tokens. You cannot delete yourself.',
  })
  @ApiConflictResponse({ description: 'You cannot delete your own user.' })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('userId', UUID) userId: string,
    @CurrentUser() caller: Principal,
  ): Promise<void> {
    await this.users.delete(tenantId, userId, caller);
  }
}
