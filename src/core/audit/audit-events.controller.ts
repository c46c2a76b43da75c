import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { Role } from '../auth/role.enum';
import { ApiPagedResponse } from '../http/api-paged-response.decorator';
import { Operation } from '../http/operation.decorator';
import { paginate } from '../http/pagination';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditEventResponse } from './dto/audit-event.response';
import { ListAuditEventsQuery } from './dto/list-audit-events.dto';

@ApiTags('Platform: audit')
@Controller('api/v1/tenants/:tenantId/audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsRepository) {}

  @Get()
  @Authenticated({ roles: [Role.TENANT_ADMIN] })
  @Operation({
    id: 'listAuditEvents',
    summary: "List a tenant's audit events, newest first",
    description:
      'One event per state-changing request: who, what (operationId), which target, success or failure, and the request id.',
  })
  @ApiPagedResponse(AuditEventResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: ListAuditEventsQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.events.list(tenantId, query, skip, take),
    );
    return rows.map((event) => AuditEventResponse.from(event));
  }
}
