import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../core/auth/current-user.decorator';
import type { Principal } from '../../core/auth/principal';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { CumulocityMediaType } from './cumulocity-media-type';
import { CreateNewDeviceRequest } from './dto/create-new-device-request.dto';
import {
  AcceptedNewDeviceRequests,
  NewDeviceRequest,
  NewDeviceRequestCollection,
} from './dto/new-device-request.response';
import { NewDeviceRequestsQuery } from './dto/new-device-requests-query.dto';
import { UpdateNewDeviceRequest } from './dto/update-new-device-request.dto';
import { DEVICECONTROL, originOf, requestedUrl } from './new-device-request.representation';
import { NewDeviceRequestsService } from './new-device-requests.service';

export const READ = [Role.ROLE_DEVICE_CONTROL_READ, Role.ROLE_DEVICE_CONTROL_ADMIN];
export const CHANGE = [Role.ROLE_DEVICE_CONTROL_ADMIN];
export const CUMULOCITY_TAG = 'Cumulocity device credentials';

/** Cumulocity new device requests of the caller's tenant: an admin registers ids, then accepts them. */
@ApiTags(CUMULOCITY_TAG)
@Controller(`${DEVICECONTROL.slice(1)}/newDeviceRequests`)
export class NewDeviceRequestsController {
  constructor(private readonly requests: NewDeviceRequestsService) {}

  @Post()
  @Authenticated({ roles: CHANGE })
  @Transactional()
  @CumulocityMediaType('newDeviceRequest', { consumes: true })
  @Operation({
    id: 'createNewDeviceRequest',
    summary: 'Register a device id',
    description:
      'Status WAITING_FOR_CONNECTION until the device polls. Properties besides id, type, groupId and ' +
      'securityToken are stored as custom fragments and returned. Without an Accept header the body is empty.',
  })
  @ApiConflictResponse({ description: 'The tenant already has a request with this id.' })
  @ApiUnprocessableEntityResponse({
    description: 'The tenant requires a securityToken, or fragments too large.',
  })
  create(
    @CurrentUser() principal: Principal,
    @Body() dto: CreateNewDeviceRequest,
    @Req() request: FastifyRequest,
  ): Promise<NewDeviceRequest> {
    return this.requests.create(principal, dto, request.body, originOf(request));
  }

  @Get()
  @Authenticated({ roles: READ })
  @CumulocityMediaType('newDeviceRequestCollection')
  @Operation({
    id: 'listNewDeviceRequests',
    summary: 'List new device requests',
    description:
      'Creation order. Follow `next`/`prev`: they carry a cursor, so every page costs about the same; ' +
      '`currentPage` alone reaches a page by offset.',
  })
  list(
    @CurrentUser() principal: Principal,
    @Query() query: NewDeviceRequestsQuery,
    @Req() request: FastifyRequest,
  ): Promise<NewDeviceRequestCollection> {
    return this.requests.list(principal.tenantId, query, requestedUrl(request));
  }

  @Post('acceptAll')
  @HttpCode(200)
  @Authenticated({ roles: CHANGE })
  @Transactional()
  @CumulocityMediaType('newDeviceRequest')
  @Operation({
    id: 'acceptAllNewDeviceRequests',
    summary: 'Accept every request pending acceptance',
    description:
      'Requests whose securityToken the tenant mode checks (all under REQUIRED, those with a token under ' +
      'OPTIONAL) are left pending: accept them one by one with their token.',
  })
  async acceptAll(
    @CurrentUser() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<AcceptedNewDeviceRequests> {
    return { accepted: await this.requests.acceptAll(principal.tenantId, originOf(request)) };
  }

  @Get(':id')
  @Authenticated({ roles: READ })
  @CumulocityMediaType('newDeviceRequest')
  @Operation({ id: 'getNewDeviceRequest', summary: 'Get a new device request' })
  @ApiNotFoundResponse({ description: 'No request with this id in the tenant.' })
  get(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ): Promise<NewDeviceRequest> {
    return this.requests.get(principal.tenantId, id, originOf(request));
  }

  @Put(':id')
  @Authenticated({ roles: CHANGE })
  @Transactional()
  @CumulocityMediaType('newDeviceRequest', { consumes: true })
  @Operation({
    id: 'updateNewDeviceRequest',
    summary: 'Accept a new device request',
    description:
      'Only `status`, only to ACCEPTED, only from PENDING_ACCEPTANCE; the body may repeat the request id. ' +
      'Without an Accept header the body is empty.',
  })
  @ApiNotFoundResponse({ description: 'No request with this id in the tenant.' })
  @ApiUnprocessableEntityResponse({ description: 'Not a change that is allowed (the message says why).' })
  update(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateNewDeviceRequest,
    @Req() request: FastifyRequest,
  ): Promise<NewDeviceRequest> {
    return this.requests.update(principal.tenantId, id, dto, originOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ roles: CHANGE })
  @Transactional()
  @Operation({
    id: 'deleteNewDeviceRequest',
    summary: 'Delete a new device request',
    description:
      'Also the way to start over with a BLOCKED request. If the request issued credentials, its device ' +
      'user is revoked: the login stops working at once.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No request with this id in the tenant.' })
  delete(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.requests.delete(principal.tenantId, id);
  }
}
