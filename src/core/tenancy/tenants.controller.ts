import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { Role } from '../auth/role.enum';
import { ApiPagedResponse } from '../http/api-paged-response.decorator';
import { Operation } from '../http/operation.decorator';
import { PageQuery } from '../http/page-query.dto';
import { paginate } from '../http/pagination';
import { Transactional } from '../transaction/transactional.decorator';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { TenantResponse } from './dto/tenant.response';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('Platform: tenants and users')
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Transactional()
  @Authenticated({ roles: [Role.SYSTEM_ADMIN] })
  @Operation({ id: 'createTenant', summary: 'Create a tenant' })
  @ApiConflictResponse({ description: 'A tenant with this id already exists.' })
  async create(@Body() dto: CreateTenantDto): Promise<TenantResponse> {
    return TenantResponse.from(await this.tenants.create(dto));
  }

  @Get()
  @Authenticated({ roles: [Role.SYSTEM_ADMIN] })
  @Operation({ id: 'listTenants', summary: 'List tenants' })
  @ApiPagedResponse(TenantResponse)
  async list(
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TenantResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) => this.tenants.list(skip, take));
    return rows.map((tenant) => TenantResponse.from(tenant));
  }

  @Get(':tenantId')
  @Authenticated({ roles: [Role.TENANT_ADMIN] })
  @Operation({
    id: 'getTenant',
    summary: 'Get a tenant',
    description: 'A tenant admin sees its own tenant only.',
  })
  async get(@Param('tenantId') tenantId: string): Promise<TenantResponse> {
    return TenantResponse.from(await this.tenants.get(tenantId));
  }

  @Patch(':tenantId')
  @Transactional()
  @Authenticated({ roles: [Role.SYSTEM_ADMIN] })
  @Operation({
    id: 'updateTenant',
    summary: 'Rename a tenant or change its limits (devices, auth sets, mobile phone licence)',
  })
  async update(@Param('tenantId') tenantId: string, @Body() dto: UpdateTenantDto): Promise<TenantResponse> {
    return TenantResponse.from(await this.tenants.update(tenantId, dto));
  }
}
