import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { PageQuery } from '../../../core/http/page-query.dto';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { BeaconsService } from './beacons.service';
import { BeaconResponse, PutBeaconDto } from './dto/beacon.dto';
import { ApiPutResponses, putResult } from './put-result';
import { TextIdPipe } from './record-ids';
import { ACCESS_CONTROL, ACCESS_CONTROL_ROLES, ACCESS_CONTROL_TAG } from './site-model.routes';

@ApiTags(ACCESS_CONTROL_TAG)
@Controller(`${ACCESS_CONTROL}/beacons`)
@Authenticated({ roles: ACCESS_CONTROL_ROLES })
export class BeaconsController {
  constructor(private readonly beacons: BeaconsService) {}

  @Put(':uniqueId')
  @Transactional()
  @Operation({
    id: 'putBeacon',
    summary: 'Create or replace a beacon',
    description: 'uuid/major/minor is unique in the tenant (409): it is what a phone reports.',
  })
  @ApiPutResponses(BeaconResponse)
  @ApiConflictResponse({ description: 'Another beacon has this uuid/major/minor.' })
  async put(
    @Param('tenantId') tenantId: string,
    @Param('uniqueId', TextIdPipe) uniqueId: string,
    @Body() dto: PutBeaconDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BeaconResponse> {
    return putResult(reply, await this.beacons.put(tenantId, uniqueId, dto), BeaconResponse.from);
  }

  @Get()
  @Operation({ id: 'listBeacons', summary: 'List beacons, by uniqueId' })
  @ApiPagedResponse(BeaconResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BeaconResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.beacons.list(tenantId, skip, take),
    );
    return rows.map(BeaconResponse.from);
  }

  @Get(':uniqueId')
  @Operation({ id: 'getBeacon', summary: 'Get a beacon' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('uniqueId', TextIdPipe) uniqueId: string,
  ): Promise<BeaconResponse> {
    return BeaconResponse.from(await this.beacons.get(tenantId, uniqueId));
  }

  @Delete(':uniqueId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteBeacon',
    summary: 'Delete a beacon',
    description: 'Refused while a controlled area uses it.',
  })
  @ApiConflictResponse({ description: 'A controlled area uses the beacon.' })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('uniqueId', TextIdPipe) uniqueId: string,
  ): Promise<void> {
    await this.beacons.delete(tenantId, uniqueId);
  }
}
