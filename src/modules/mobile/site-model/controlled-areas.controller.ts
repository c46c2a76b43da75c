import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { PageQuery } from '../../../core/http/page-query.dto';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { type AreaWithBeacon, ControlledAreasService } from './controlled-areas.service';
import { ControlledAreaResponse, PutControlledAreaDto } from './dto/controlled-area.dto';
import { ApiPutResponses, putResult } from './put-result';
import { TextIdPipe } from './record-ids';
import { ACCESS_CONTROL, ACCESS_CONTROL_ROLES, ACCESS_CONTROL_TAG } from './site-model.routes';

const view = ({ area, beacon }: AreaWithBeacon) => ControlledAreaResponse.from(area, beacon);

@ApiTags(ACCESS_CONTROL_TAG)
@Controller(`${ACCESS_CONTROL}/controlled-areas`)
@Authenticated({ roles: ACCESS_CONTROL_ROLES })
export class ControlledAreasController {
  constructor(private readonly areas: ControlledAreasService) {}

  @Put(':areaId')
  @Transactional()
  @Operation({
    id: 'putControlledArea',
    summary: 'Create or replace a controlled area',
    description:
      'The site and the beacon must exist in the tenant (422 naming the field); a beacon serves one area (409). An area an access group lists or a controlled-area schedule drives cannot move to another site (409). A momentary unlock in progress is kept.',
  })
  @ApiPutResponses(ControlledAreaResponse)
  @ApiUnprocessableEntityResponse({ description: 'No such site or beacon, or major/minor not the beacon’s.' })
  @ApiConflictResponse({
    description:
      'The beacon serves another area, or access groups or controlled-area schedules of its site use the area.',
  })
  async put(
    @Param('tenantId') tenantId: string,
    @Param('areaId', TextIdPipe) areaId: string,
    @Body() dto: PutControlledAreaDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ControlledAreaResponse> {
    return putResult(reply, await this.areas.put(tenantId, areaId, dto), view);
  }

  @Get()
  @Operation({ id: 'listControlledAreas', summary: 'List controlled areas, by id' })
  @ApiPagedResponse(ControlledAreaResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ControlledAreaResponse[]> {
    return (
      await paginate({ request, reply }, query, (skip, take) => this.areas.list(tenantId, skip, take))
    ).map(view);
  }

  @Get(':areaId')
  @Operation({ id: 'getControlledArea', summary: 'Get a controlled area' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('areaId', TextIdPipe) areaId: string,
  ): Promise<ControlledAreaResponse> {
    return view(await this.areas.get(tenantId, areaId));
  }

  @Delete(':areaId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteControlledArea',
    summary: 'Delete a controlled area',
    description:
      'Refused while an access group lists it or a controlled-area schedule drives it (409 naming them).',
  })
  @ApiConflictResponse({ description: 'Access groups list the area, or controlled-area schedules drive it.' })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('areaId', TextIdPipe) areaId: string,
  ): Promise<void> {
    await this.areas.delete(tenantId, areaId);
  }
}
