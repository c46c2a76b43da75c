import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { AccessDevicesException } from './access-devices.exception';
import { AccessDevicesService } from './access-devices.service';
import { ApioErrorCode } from './apio-error-codes';
import {
  AccessDevice,
  AccessDeviceList,
  CreateAccessDevice,
  UpdateAccessDevice,
} from './dto/access-device.dto';
import { DeletedAccessDevice, LinePort, LinePortAssignment } from './dto/line-port.dto';
import { jsonBodyOfGet } from './json-body-on-get';
import { readOptions } from './request-options';

const READ = [Role.ACCESS_DEVICE_READ, Role.ACCESS_DEVICE_ADMIN];
const CHANGE = [Role.ACCESS_DEVICE_ADMIN];
/** The group's path; every route below keeps APIO's trailing slash. */
const GROUP_PATH = 'api/v1/tenants/:tenant_id/groups/:group_id';

const DYNAMIC = 'Other properties: the parameters of the phone type (its dynamic data model).';

@ApiTags('APIO access devices')
@ApiParam({ name: 'tenant_id', description: 'The Tenant Id.' })
@ApiParam({ name: 'group_id', description: 'The Group Id.' })
@Controller(GROUP_PATH)
export class AccessDevicesController {
  constructor(private readonly devices: AccessDevicesService) {}

  @Get('advanced_access_devices/')
  @Authenticated({ roles: READ })
  @Operation({
    id: 'listAdvancedAccessDevices',
    summary: 'Retrieve the access devices list',
    description:
      'Optionally with the available ports: `available_ports_for` (devices of that name, or type) wins over `include_available_ports` (every device). ' +
      'Both may also come as a JSON body on GET, as APIO sends them. Ports are computed by the database in one query.',
  })
  @ApiQuery({ name: 'available_ports_for', required: false, type: String })
  @ApiQuery({ name: 'include_available_ports', required: false, type: Boolean })
  @ApiOkResponse({ type: AccessDeviceList })
  async list(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ): Promise<AccessDeviceList> {
    const options = readOptions(query, await jsonBodyOfGet(request), {
      available_ports_for: 'string',
      include_available_ports: 'boolean',
    });
    const nameOrType = options.available_ports_for as string | undefined;
    const includePorts = options.include_available_ports === true;
    return {
      access_devices: await this.devices.list(tenantId, checkGroup(groupId), nameOrType, includePorts),
    };
  }

  @Get('advanced_access_devices/:instance_name/')
  @Authenticated({ roles: READ })
  @Operation({
    id: 'getAdvancedAccessDevice',
    summary: 'Retrieve the access device details',
    description: DYNAMIC,
  })
  @ApiParam({ name: 'instance_name', description: 'The URL-encoded deviceName.' })
  @ApiQuery({ name: 'include_available_ports', required: false, type: Boolean })
  @ApiOkResponse({ type: AccessDevice })
  async get(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Param('instance_name') name: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
  ): Promise<AccessDevice> {
    const options = readOptions(query, await jsonBodyOfGet(request), { include_available_ports: 'boolean' });
    return this.devices.get(tenantId, checkGroup(groupId), name, options.include_available_ports === true);
  }

  @Post('advanced_access_devices/')
  @HttpCode(200)
  @Transactional()
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'createAdvancedAccessDevice',
    summary: 'Create an access device',
    description:
      'Checked against its phone type, then inserted into the redirect server and/or the vendor server as the type says. ' +
      'If an insertion fails, everything this request provisioned is rolled back (code 31-34). ' +
      `Answers 200. ${DYNAMIC}`,
  })
  @ApiExtraModels(CreateAccessDevice)
  @ApiBody({ schema: { allOf: [{ $ref: getSchemaPath(CreateAccessDevice) }], additionalProperties: true } })
  @ApiOkResponse({ type: AccessDevice })
  create(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Body() body: unknown,
  ): Promise<AccessDevice> {
    return this.devices.create(tenantId, checkGroup(groupId), body);
  }

  @Put('advanced_access_devices/:instance_name/')
  @Transactional()
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'updateAdvancedAccessDevice',
    summary: 'Update an access device',
    description:
      'A new macAddress re-provisions the device: inserted under the new MAC first, the old entries removed after; ' +
      `any failure rolls all of it back. ${DYNAMIC}`,
  })
  @ApiParam({ name: 'instance_name', description: 'The URL-encoded deviceName.' })
  @ApiExtraModels(UpdateAccessDevice)
  @ApiBody({ schema: { allOf: [{ $ref: getSchemaPath(UpdateAccessDevice) }], additionalProperties: true } })
  @ApiOkResponse({ type: AccessDevice })
  update(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Param('instance_name') name: string,
    @Body() body: unknown,
  ): Promise<AccessDevice> {
    return this.devices.update(tenantId, checkGroup(groupId), name, body);
  }

  @Delete('advanced_access_devices/:instance_name/')
  @Transactional()
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'deleteAdvancedAccessDevice',
    summary: 'Delete an access device',
    description:
      'From the group, the vendor server and the redirect server ("not found" there counts as done). Refused (code 13) while users the options ' +
      'do not unlink still use it. Options as query parameters or a JSON body. A server failure leaves the device in place and names the server.',
  })
  @ApiParam({ name: 'instance_name', description: 'The URL-encoded deviceName.' })
  @ApiQuery({ name: 'delete_secondary_users', required: false, type: Boolean })
  @ApiQuery({ name: 'delete_primary_users', required: false, type: Boolean })
  @ApiOkResponse({ type: DeletedAccessDevice })
  async delete(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Param('instance_name') name: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
  ): Promise<DeletedAccessDevice> {
    const options = readOptions(query, body, {
      delete_secondary_users: 'boolean',
      delete_primary_users: 'boolean',
    });
    return this.devices.delete(tenantId, checkGroup(groupId), name, {
      deletePrimaryUsers: options.delete_primary_users === true,
      deleteSecondaryUsers: options.delete_secondary_users === true,
    });
  }

  @Put('advanced_access_devices/:instance_name/ports/:port/')
  @Transactional()
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'assignAccessDevicePort',
    summary: 'Link a user to a line port (beyond APIO)',
    description:
      'As primary or secondary phone. A port is used once; the same assignment again changes nothing.',
  })
  @ApiParam({ name: 'instance_name', description: 'The URL-encoded deviceName.' })
  @ApiParam({ name: 'port', description: 'From 1 to the numberOfPorts of the device.' })
  @ApiOkResponse({ type: LinePort })
  assignPort(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Param('instance_name') name: string,
    @Param('port') port: string,
    @Body() assignment: LinePortAssignment,
  ): Promise<LinePort> {
    return this.devices.assignPort(tenantId, checkGroup(groupId), name, portNumber(port), assignment);
  }

  @Delete('advanced_access_devices/:instance_name/ports/:port/')
  @Transactional()
  @Authenticated({ roles: CHANGE })
  @Operation({ id: 'releaseAccessDevicePort', summary: 'Unlink the user of a line port (beyond APIO)' })
  @ApiParam({ name: 'instance_name', description: 'The URL-encoded deviceName.' })
  @ApiParam({ name: 'port', description: 'From 1 to the numberOfPorts of the device.' })
  @ApiOkResponse({ description: 'Unlinked.', schema: { type: 'object', example: {} } })
  async releasePort(
    @Param('tenant_id') tenantId: string,
    @Param('group_id') groupId: string,
    @Param('instance_name') name: string,
    @Param('port') port: string,
  ): Promise<Record<string, never>> {
    await this.devices.releasePort(tenantId, checkGroup(groupId), name, portNumber(port));
    return {};
  }
}

function checkGroup(groupId: string): string {
  if (groupId.length > 128)
    throw AccessDevicesException.invalid(ApioErrorCode.INVALID_INPUT, 'group_id: at most 128 characters', {
      group_id: 'at most 128 characters',
    });
  return groupId;
}

function portNumber(raw: string): number {
  if (!/^\d{1,4}$/.test(raw))
    throw AccessDevicesException.invalid(
      ApioErrorCode.PORT_UNAVAILABLE,
      `port "${raw}" is not a port number`,
      { port: 'a whole number' },
    );
  return Number(raw);
}
