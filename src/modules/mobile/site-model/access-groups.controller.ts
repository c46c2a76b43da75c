import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { PageQuery } from '../../../core/http/page-query.dto';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { type AccessGroupWithLinks, AccessGroupsService } from './access-groups.service';
import { AccessGroupResponse, PutAccessGroupDto } from './dto/access-group.dto';
import { ApiPutResponses, putResult } from './put-result';
import { IntIdPipe } from './record-ids';
import { ACCESS_CONTROL, ACCESS_CONTROL_ROLES, ACCESS_CONTROL_TAG } from './site-model.routes';

const view = ({ group, controlledAreaIds, scheduleIds }: AccessGroupWithLinks) =>
  AccessGroupResponse.from(group, controlledAreaIds, scheduleIds);

@ApiTags(ACCESS_CONTROL_TAG)
@Controller(`${ACCESS_CONTROL}/access-groups`)
@Authenticated({ roles: ACCESS_CONTROL_ROLES })
export class AccessGroupsController {
  constructor(private readonly groups: AccessGroupsService) {}

  @Put(':groupId')
  @Transactional()
  @Operation({
    id: 'putAccessGroup',
    summary: 'Create or replace an access group',
    description:
      'Its controlled areas and schedules must exist on its own site (422 naming each bad id). Members keep their membership when the group is replaced.',
  })
  @ApiPutResponses(AccessGroupResponse)
  @ApiUnprocessableEntityResponse({ description: 'No such site, or an area or schedule not on the site.' })
  async put(
    @Param('tenantId') tenantId: string,
    @Param('groupId', IntIdPipe) groupId: number,
    @Body() dto: PutAccessGroupDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessGroupResponse> {
    return putResult(reply, await this.groups.put(tenantId, groupId, dto), view);
  }

  @Get()
  @Operation({ id: 'listAccessGroups', summary: 'List access groups, by id' })
  @ApiPagedResponse(AccessGroupResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessGroupResponse[]> {
    return (
      await paginate({ request, reply }, query, (skip, take) => this.groups.list(tenantId, skip, take))
    ).map(view);
  }

  @Get(':groupId')
  @Operation({ id: 'getAccessGroup', summary: 'Get an access group' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('groupId', IntIdPipe) groupId: number,
  ): Promise<AccessGroupResponse> {
    return view(await this.groups.get(tenantId, groupId));
  }

  @Delete(':groupId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteAccessGroup',
    summary: 'Delete an access group',
    description: 'Its links and its members’ memberships go with it; the areas and schedules stay.',
  })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('groupId', IntIdPipe) groupId: number,
  ): Promise<void> {
    await this.groups.delete(tenantId, groupId);
  }
}
