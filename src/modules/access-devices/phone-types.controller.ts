import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../core/auth/current-user.decorator';
import type { Principal } from '../../core/auth/principal';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { PhoneType, PhoneTypeList, PhoneTypeResponse } from './dto/phone-type.dto';
import { PhoneTypesService } from './phone-types.service';

const READ = [Role.ACCESS_DEVICE_READ, Role.ACCESS_DEVICE_ADMIN];
/**
 * A tenant admin manages the tenant's own types. The management tenant's types are the system-wide
 * catalogue: writing them needs SYSTEM_ADMIN (checked by the service, as it depends on the caller's tenant).
 */
const MANAGE = [Role.TENANT_ADMIN];
const SYSTEM_TYPES = ' In the management tenant (the system-wide catalogue) only a SYSTEM_ADMIN may.';

/** Phone types of the caller's tenant: its own, and the system-wide ones it has not replaced. */
@ApiTags('APIO access devices')
@Controller('api/v1')
export class PhoneTypesController {
  constructor(private readonly phoneTypes: PhoneTypesService) {}

  @Get('phone_types/')
  @Authenticated({ roles: READ })
  @Operation({
    id: 'listPhoneTypes',
    summary: 'List the phone types',
    description: "The tenant's own and the system-wide ones.",
  })
  async list(@CurrentUser() caller: Principal): Promise<PhoneTypeList> {
    return { phone_types: await this.phoneTypes.list(caller.tenantId) };
  }

  @Post('phone_types/')
  @HttpCode(200)
  @Transactional()
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'createPhoneType',
    summary: 'Create a phone type',
    description:
      "In the caller's tenant; a system administrator creates system-wide ones. Answers 200, as APIO creates do." +
      SYSTEM_TYPES,
  })
  @ApiOkResponse({ type: PhoneTypeResponse })
  create(@CurrentUser() caller: Principal, @Body() phoneType: PhoneType): Promise<PhoneTypeResponse> {
    return this.phoneTypes.create(caller, phoneType);
  }

  @Get('phone_types/:name/')
  @Authenticated({ roles: READ })
  @Operation({ id: 'getPhoneType', summary: 'Get a phone type' })
  @ApiParam({ name: 'name', description: 'The URL-encoded phone type name (the deviceType).' })
  get(@CurrentUser() caller: Principal, @Param('name') name: string): Promise<PhoneTypeResponse> {
    return this.phoneTypes.get(caller.tenantId, name);
  }

  @Put('phone_types/:name/')
  @Transactional()
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'replacePhoneType',
    summary: 'Create or replace a phone type',
    description:
      "The tenant's own type of that name; it replaces a system-wide one for this tenant. Devices keep their numberOfPorts." +
      SYSTEM_TYPES,
  })
  @ApiParam({ name: 'name', description: 'The URL-encoded phone type name (the deviceType).' })
  @ApiOkResponse({ type: PhoneTypeResponse })
  replace(
    @CurrentUser() caller: Principal,
    @Param('name') name: string,
    @Body() phoneType: PhoneType,
  ): Promise<PhoneTypeResponse> {
    return this.phoneTypes.replace(caller, name, phoneType);
  }

  @Delete('phone_types/:name/')
  @Transactional()
  @Authenticated({ roles: MANAGE })
  @Operation({
    id: 'deletePhoneType',
    summary: 'Delete a phone type',
    description: 'Refused (code 5) while access devices use it.' + SYSTEM_TYPES,
  })
  @ApiParam({ name: 'name', description: 'The URL-encoded phone type name (the deviceType).' })
  @ApiOkResponse({ description: 'Deleted.', schema: { type: 'object', example: {} } })
  async delete(
    @CurrentUser() caller: Principal,
    @Param('name') name: string,
  ): Promise<Record<string, never>> {
    await this.phoneTypes.delete(caller, name);
    return {};
  }
}
