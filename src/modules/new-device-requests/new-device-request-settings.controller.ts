import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../core/auth/current-user.decorator';
import type { Principal } from '../../core/auth/principal';
import { Operation } from '../../core/http/operation.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { CumulocityMediaType } from './cumulocity-media-type';
import { NewDeviceRequestSettings } from './dto/new-device-request-settings.dto';
import { DEVICECONTROL } from './new-device-request.representation';
import { CHANGE, CUMULOCITY_TAG, READ } from './new-device-requests.controller';
import { NewDeviceRequestsRepository } from './new-device-requests.repository';

/** The caller's tenant's registration settings: where its securityToken mode is set. */
@ApiTags(CUMULOCITY_TAG)
@Controller(`${DEVICECONTROL.slice(1)}/newDeviceRequestSettings`)
export class NewDeviceRequestSettingsController {
  constructor(private readonly requests: NewDeviceRequestsRepository) {}

  @Get()
  @Authenticated({ roles: READ })
  @CumulocityMediaType('newDeviceRequestSettings')
  @Operation({ id: 'getNewDeviceRequestSettings', summary: "Get the tenant's device registration settings" })
  async get(@CurrentUser() principal: Principal): Promise<NewDeviceRequestSettings> {
    return { securityTokenMode: await this.requests.securityTokenMode(principal.tenantId) };
  }

  @Put()
  @Authenticated({ roles: CHANGE })
  @Transactional()
  @CumulocityMediaType('newDeviceRequestSettings', { consumes: true })
  @Operation({
    id: 'updateNewDeviceRequestSettings',
    summary: "Set the tenant's securityToken mode",
    description:
      'REQUIRED: every new request carries a securityToken, and the poll and the accept must present it. ' +
      'OPTIONAL (default): checked for requests that carry one. IGNORED: never checked.',
  })
  async update(
    @CurrentUser() principal: Principal,
    @Body() dto: NewDeviceRequestSettings,
  ): Promise<NewDeviceRequestSettings> {
    await this.requests.setSecurityTokenMode(principal.tenantId, dto.securityTokenMode);
    return { securityTokenMode: dto.securityTokenMode };
  }
}
