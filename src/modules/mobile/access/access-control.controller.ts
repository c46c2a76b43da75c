import { Controller, Delete, Get, HttpCode, Param, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, SkipAudit } from '../../../core/auth/authenticated.decorator';
import { Role } from '../../../core/auth/role.enum';
import { PlatformException } from '../../../core/http/app.exception';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { IntIdPipe, TextIdPipe } from '../site-model/record-ids';
import { AccessDecisionsRepository } from './access-decisions.repository';
import { AccessRulesRepository } from './access-rules.repository';
import { AreaStates } from './area-states.service';
import { Clock } from './clock';
import { ControlledAreaSchedulesService } from './controlled-area-schedules.service';
import { AccessDecisionResponse } from './dto/access-decision.response';
import { AreaStateResponse } from './dto/area-state.response';
import { ListAccessDecisionsQuery } from './dto/list-access-decisions.dto';

@ApiTags('Primis: access control')
@Controller('api/v1/tenants/:tenantId/access-control')
@Authenticated({ roles: [Role.MOBILE_ADMIN] })
export class AccessControlController {
  constructor(
    private readonly decisions: AccessDecisionsRepository,
    private readonly rules: AccessRulesRepository,
    private readonly states: AreaStates,
    private readonly clock: Clock,
    private readonly areaSchedules: ControlledAreaSchedulesService,
  ) {}

  @Get('decisions')
  @Operation({
    id: 'listAccessDecisions',
    summary: 'List the geolocation access decisions, newest first',
    description:
      'Every POST /api/mobile/geolocation/access, granted or denied: who, which phone, which area, why.',
  })
  @ApiPagedResponse(AccessDecisionResponse)
  async decisionsOf(
    @Param('tenantId') tenantId: string,
    @Query() query: ListAccessDecisionsQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessDecisionResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.decisions.list(tenantId, query, skip, take),
    );
    return rows.map((row) => AccessDecisionResponse.from(row));
  }

  @Get('controlled-areas/:id/effective-state')
  @Authenticated({ roles: [Role.MOBILE_ADMIN, Role.MOBILE_AREA_STATE_READ] }) // a door controller is no admin
  @SkipAudit() // door controllers poll this
  @Operation({
    id: 'getAreaEffectiveState',
    summary: 'What a door controller polls: the effective state of a controlled area now',
    description:
      'The stored state, and the state in force now: an area in the normal state follows its controlled-area ' +
      'schedules (unless its toggle is `T`); `open` is true while the area is open (state 11) or a momentary unlock ' +
      'runs (`unlockedUntil`). A momentary unlock ends by itself at `unlockedUntil`: poll again then, or every few ' +
      'seconds. A lockdown is never unlocked. For readers and door controllers: a platform user of the tenant ' +
      'holding only `MOBILE_AREA_STATE_READ` polls this and can do nothing else.',
  })
  @ApiOkResponse({ type: AreaStateResponse })
  @ApiNotFoundResponse({ description: 'No such controlled area in the tenant.' })
  async effectiveStateOf(
    @Param('tenantId') tenantId: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AreaStateResponse> {
    const area = await this.rules.areaById(tenantId, id);
    if (!area) throw PlatformException.notFound('controlled area');
    const now = this.clock.now();
    const effective = await this.states.at(tenantId, area, now);
    reply.header('cache-control', 'no-store');
    return {
      zoneId: area.id,
      state: area.state,
      effectiveState: effective.name,
      effectiveStateCode: effective.state,
      open: effective.open,
      unlockedUntil: effective.unlockedUntil,
      evaluatedAt: now,
    };
  }

  @Delete('schedules/:scheduleId/controlled-areas/:id')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteControlledAreaSchedule',
    summary: 'Stop driving a controlled area by a schedule',
    description:
      'Removes the link made by `POST /api/controlled_area_schedules/schedule` (which has no delete of its ' +
      'own in the Primis API). While a link stands, neither its schedule nor its area can be deleted or moved ' +
      'to another site (409).',
  })
  @ApiNoContentResponse({ description: 'The link is gone.' })
  @ApiNotFoundResponse({ description: 'The schedule does not drive this area (or either is unknown).' })
  async removeAreaSchedule(
    @Param('tenantId') tenantId: string,
    @Param('scheduleId', IntIdPipe) scheduleId: number,
    @Param('id', TextIdPipe) areaId: string,
  ): Promise<void> {
    await this.areaSchedules.remove(tenantId, scheduleId, areaId);
  }
}
