import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, SkipAudit } from '../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../core/auth/current-user.decorator';
import type { Principal } from '../../core/auth/principal';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { SecretsInAnswer } from '../../core/idempotency/secrets-in-answer.decorator';
import { CumulocityMediaType } from './cumulocity-media-type';
import { DeviceCredentialsService } from './device-credentials.service';
import { DeviceCredentialsRequest } from './dto/device-credentials-request.dto';
import { DeviceCredentials } from './dto/device-credentials.response';
import { DEVICECONTROL, originOf } from './new-device-request.representation';
import { CUMULOCITY_TAG } from './new-device-requests.controller';

/** The device side of registration: polling with the bootstrap credentials until accepted. */
@ApiTags(CUMULOCITY_TAG)
@Controller(DEVICECONTROL.slice(1))
export class DeviceCredentialsController {
  constructor(private readonly credentials: DeviceCredentialsService) {}

  @Post('deviceCredentials')
  @Authenticated({ roles: [Role.ROLE_DEVICE_BOOTSTRAP] })
  @SkipAudit() // a fleet polls every few seconds: one audit write per poll would outweigh the poll itself
  // No request transaction: a poll's count must survive its 404 (device-credentials.service.ts).
  @CumulocityMediaType('deviceCredentials', { consumes: true })
  @SecretsInAnswer()
  @Operation({
    id: 'pollDeviceCredentials',
    summary: 'Poll for device credentials (bootstrap user)',
    description:
      'WAITING_FOR_CONNECTION becomes PENDING_ACCEPTANCE (404); PENDING_ACCEPTANCE is a 404; ACCEPTED answers ' +
      'the credentials of the device user `device_<id>` once (so no Idempotency-Key here). Too many polls in the window block the request. ' +
      "The management tenant's bootstrap user finds the id in any tenant; a tenant's, in its own.",
  })
  @ApiNotFoundResponse({
    description: 'Unknown id, not yet accepted, blocked, or credentials already issued.',
  })
  @ApiConflictResponse({ description: 'Management bootstrap user: the id waits in more than one tenant.' })
  poll(
    @CurrentUser() principal: Principal,
    @Body() dto: DeviceCredentialsRequest,
    @Req() request: FastifyRequest,
  ): Promise<DeviceCredentials> {
    return this.credentials.poll(principal, dto, originOf(request));
  }
}
