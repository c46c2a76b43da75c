import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { AccessDeviceSettingsService } from './access-device-settings.service';
import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';
import { AccessDeviceSettings } from './dto/access-device-settings.dto';
import {
  ProvisioningServer,
  ProvisioningServerList,
  ProvisioningServerResponse,
  SERVER_NAME,
} from './dto/provisioning-server.dto';
import { ProvisioningServersService } from './provisioning-servers.service';

const MANAGE = [Role.TENANT_ADMIN];

/** A tenant's APIO configuration: name and credential settings, redirect and vendor servers. */
@ApiTags('APIO access devices')
@ApiParam({ name: 'tenant_id', description: 'The Tenant Id.' })
@Controller('api/v1/tenants/:tenant_id')
export class AccessDeviceSettingsController {
  constructor(
    private readonly settings: AccessDeviceSettingsService,
    private readonly servers: ProvisioningServersService,
  ) {}

  @Get('access_device_settings/')
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'getAccessDeviceSettings',
    summary: "The tenant's APIO settings",
    description: 'Defaults filled in.',
  })
  @ApiOkResponse({ type: AccessDeviceSettings })
  get(@Param('tenant_id') tenantId: string): Promise<AccessDeviceSettings> {
    return this.settings.get(tenantId);
  }

  @Put('access_device_settings/')
  @Transactional()
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'replaceAccessDeviceSettings',
    summary: "Replace the tenant's APIO settings",
    description:
      'Device name generation (AUTOMATIC_ID_RULES, DEVICE_NAME_MAX_LENGTH) and hidden credentials. Omitted settings return to their defaults.',
  })
  @ApiOkResponse({ type: AccessDeviceSettings })
  replace(
    @Param('tenant_id') tenantId: string,
    @Body() settings: AccessDeviceSettings,
  ): Promise<AccessDeviceSettings> {
    return this.settings.replace(tenantId, settings);
  }

  @Get('provisioning_servers/')
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'listProvisioningServers',
    summary: "The tenant's redirect and vendor provisioning servers",
  })
  async listServers(@Param('tenant_id') tenantId: string): Promise<ProvisioningServerList> {
    return { provisioning_servers: await this.servers.list(tenantId) };
  }

  @Get('provisioning_servers/:name/')
  @Authenticated({ roles: MANAGE })
  @Operation({ id: 'getProvisioningServer', summary: 'A provisioning server (never its password)' })
  @ApiParam({ name: 'name', description: '`redirect`, or a vendor server name.' })
  getServer(
    @Param('tenant_id') tenantId: string,
    @Param('name') name: string,
  ): Promise<ProvisioningServerResponse> {
    return this.servers.get(tenantId, name);
  }

  @Put('provisioning_servers/:name/')
  @Transactional()
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'putProvisioningServer',
    summary: 'Configure a provisioning server',
    description:
      '`redirect` is the redirect server; other names are vendor servers that phone types name. A name not configured is served by the built-in server.',
  })
  @ApiParam({ name: 'name', description: '`redirect`, or a vendor server name (a-z, 0-9, _ and -).' })
  @ApiOkResponse({ type: ProvisioningServerResponse })
  putServer(
    @Param('tenant_id') tenantId: string,
    @Param('name') name: string,
    @Body() server: ProvisioningServer,
  ): Promise<ProvisioningServerResponse> {
    if (!SERVER_NAME.test(name))
      throw AccessDevicesException.invalid(
        ApioErrorCode.INVALID_INPUT,
        'name: a-z, 0-9, _ and -, at most 64',
        { name: 'a-z, 0-9, _ and -' },
      );
    return this.servers.put(tenantId, name, server);
  }

  @Delete('provisioning_servers/:name/')
  @Transactional()
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'deleteProvisioningServer',
    summary: 'Forget a provisioning server (the built-in one serves its name again)',
  })
  @ApiParam({ name: 'name', description: '`redirect`, or a vendor server name.' })
  @ApiOkResponse({ description: 'Deleted.', schema: { type: 'object', example: {} } })
  async deleteServer(
    @Param('tenant_id') tenantId: string,
    @Param('name') name: string,
  ): Promise<Record<string, never>> {
    await this.servers.delete(tenantId, name);
    return {};
  }
}
