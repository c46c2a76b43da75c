import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../core/auth/current-user.decorator';
import type { Principal } from '../../core/auth/principal';
import { Role } from '../../core/auth/role.enum';
import { ApiPagedResponse } from '../../core/http/api-paged-response.decorator';
import { Operation } from '../../core/http/operation.decorator';
import { paginate } from '../../core/http/pagination';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { DevicesService } from './devices.service';
import { CreateDeviceDto } from './dto/create-device.dto';
import { DeviceResponse } from './dto/device.response';
import { ListDevicesQuery } from './dto/list-devices.dto';
import type { DeviceEntity } from './entities/device.entity';
import { textOrJson } from './text-or-json';

const ACTIVE_STATE = {
  type: DeviceResponse,
  description: 'The device (JSON), or `active` / `inactive` with `accept: text/plain`.',
};

@ApiTags('Genetec Clearance')
@Controller()
@Authenticated({ roles: [Role.MANAGE_DEVICES] })
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post('api/v1/tenant/:tenantId/device')
  @Transactional()
  @Operation({
    id: 'addDevice',
    summary: 'Add a new device',
    description: 'Devices start inactive. There is no delete, by design: add devices diligently.',
  })
  @ApiConflictResponse({
    description: 'A device with this SerialNumber and Manufacturer exists; `Location` names it.',
  })
  async create(@Param('tenantId') tenantId: string, @Body() dto: CreateDeviceDto): Promise<DeviceResponse> {
    return DeviceResponse.from(await this.devices.create(tenantId, dto.DeviceIdentification, dto.DeviceType));
  }

  @Get('api/v1/tenant/:tenantId/device')
  @Operation({
    id: 'listDevices',
    summary: 'List devices, by id',
    description: 'Filter with `active` and `type`.',
  })
  @ApiPagedResponse(DeviceResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: ListDevicesQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeviceResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.devices.list(tenantId, { active: query.active, type: query.type }, skip, take),
    );
    return rows.map((device) => DeviceResponse.from(device));
  }

  @Get('api/v1/tenant/:tenantId/device/canmanage')
  @Authenticated()
  @Operation({
    id: 'canManageDevices',
    summary: 'Whether you may use this API',
    description:
      'Any authenticated caller may ask, whatever its roles: `true` when it holds the "Manage devices" security policy (role MANAGE_DEVICES), `false` otherwise.',
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({ schema: { type: 'boolean' }, description: '`true` or `false`.' })
  @ApiParam({ name: 'tenantId', type: 'string' })
  canManage(
    @CurrentUser() caller: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): boolean | string {
    const allowed = caller.hasAnyRole([Role.MANAGE_DEVICES]);
    return textOrJson(request, reply, allowed, String(allowed));
  }

  @Get('api/v1/tenant/:tenantId/device/:deviceId')
  @Operation({ id: 'getDevice', summary: 'Get a device' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('deviceId') deviceId: string,
  ): Promise<DeviceResponse> {
    return DeviceResponse.from(await this.devices.get(tenantId, deviceId));
  }

  @Post('api/v1-private/tenant/:tenantId/device/:deviceId/activate')
  @HttpCode(200)
  @Transactional({ tenantCounter: true })
  @Operation({
    id: 'activateDevice',
    summary: 'Activate a device',
    description:
      "Idempotent. Fails with 409 `active_device_limit_reached` once the tenant's active device limit is reached.",
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse(ACTIVE_STATE)
  @ApiConflictResponse({ description: "The tenant's active device limit is reached." })
  async activate(
    @Param('tenantId') tenantId: string,
    @Param('deviceId') deviceId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeviceResponse | string> {
    return activeState(request, reply, await this.devices.activate(tenantId, deviceId));
  }

  @Post('api/v1-private/tenant/:tenantId/device/:deviceId/deactivate')
  @HttpCode(200)
  @Transactional({ tenantCounter: true })
  @Operation({
    id: 'deactivateDevice',
    summary: 'Deactivate a device',
    description: 'Idempotent; frees a place under the limit.',
  })
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse(ACTIVE_STATE)
  async deactivate(
    @Param('tenantId') tenantId: string,
    @Param('deviceId') deviceId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeviceResponse | string> {
    return activeState(request, reply, await this.devices.deactivate(tenantId, deviceId));
  }
}

/** The device as JSON, or `active` / `inactive` for `accept: text/plain`. */
function activeState(
  request: FastifyRequest,
  reply: FastifyReply,
  device: DeviceEntity,
): DeviceResponse | string {
  return textOrJson(request, reply, DeviceResponse.from(device), device.active ? 'active' : 'inactive');
}
