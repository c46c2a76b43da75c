import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { Role } from '../auth/role.enum';
import { ApiPagedResponse } from '../http/api-paged-response.decorator';
import { Operation } from '../http/operation.decorator';
import { paginate } from '../http/pagination';
import { ListCompensationsQuery } from './dto/list-compensations.dto';
import { CompensationResponse } from './dto/compensation.response';
import { CompensationJournal } from './journal/compensation-journal';

@ApiTags('Platform: compensations')
@Controller('api/v1/compensations')
export class CompensationsController {
  constructor(private readonly journal: CompensationJournal) {}

  @Get()
  @Authenticated({ roles: [Role.SYSTEM_ADMIN] })
  @Operation({
    id: 'listCompensations',
    summary: 'List undos of external side effects',
    description:
      '`pending`: an undo failed or its request died; the reconciler retries it with backoff until it succeeds.',
  })
  @ApiPagedResponse(CompensationResponse)
  async list(
    @Query() query: ListCompensationsQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompensationResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.journal.list(query.status, skip, take),
    );
    return rows.map((row) => CompensationResponse.from(row));
  }
}
