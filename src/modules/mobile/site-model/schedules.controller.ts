import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { PageQuery } from '../../../core/http/page-query.dto';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { PutScheduleDto, ScheduleResponse } from './dto/schedule.dto';
import { ApiPutResponses, putResult } from './put-result';
import { IntIdPipe } from './record-ids';
import { type ScheduleWithPeriods, SchedulesService } from './schedules.service';
import { ACCESS_CONTROL, ACCESS_CONTROL_ROLES, ACCESS_CONTROL_TAG } from './site-model.routes';

const view = ({ schedule, periods, used }: ScheduleWithPeriods) =>
  ScheduleResponse.from(schedule, periods, used);

@ApiTags(ACCESS_CONTROL_TAG)
@Controller(`${ACCESS_CONTROL}/schedules`)
@Authenticated({ roles: ACCESS_CONTROL_ROLES })
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Put(':scheduleId')
  @Transactional()
  @Operation({
    id: 'putSchedule',
    summary: 'Create or replace a schedule and its periods',
    description:
      'Masks as the Primis spec defines them (frequency 2 weekly or 0x40 + holiday type bits, exceptions, days Sunday 0x01 .. Saturday 0x40), checked (400 naming the period). Periods run from start_time to end_time on the site’s local time; on_time/off_time bound the dates. The periods are replaced as a whole.',
  })
  @ApiPutResponses(ScheduleResponse)
  @ApiUnprocessableEntityResponse({ description: 'No such site.' })
  @ApiConflictResponse({
    description:
      'Access groups of its site use the schedule, or it drives areas: it cannot move to another site.',
  })
  async put(
    @Param('tenantId') tenantId: string,
    @Param('scheduleId', IntIdPipe) scheduleId: number,
    @Body() dto: PutScheduleDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScheduleResponse> {
    return putResult(reply, await this.schedules.put(tenantId, scheduleId, dto), view);
  }

  @Get()
  @Operation({ id: 'listSchedules', summary: 'List schedules with their periods, by id' })
  @ApiPagedResponse(ScheduleResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScheduleResponse[]> {
    return (
      await paginate({ request, reply }, query, (skip, take) => this.schedules.list(tenantId, skip, take))
    ).map(view);
  }

  @Get(':scheduleId')
  @Operation({ id: 'getSchedule', summary: 'Get a schedule with its periods' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('scheduleId', IntIdPipe) scheduleId: number,
  ): Promise<ScheduleResponse> {
    return view(await this.schedules.get(tenantId, scheduleId));
  }

  @Delete(':scheduleId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteSchedule',
    summary: 'Delete a schedule',
    description: 'Refused while an access group uses it or it drives a controlled area (409 naming them).',
  })
  @ApiConflictResponse({ description: 'Access groups use the schedule, or it drives controlled areas.' })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('scheduleId', IntIdPipe) scheduleId: number,
  ): Promise<void> {
    await this.schedules.delete(tenantId, scheduleId);
  }
}
