import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { SecretsInAnswer } from '../../core/idempotency/secrets-in-answer.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { DeviceCredentialsService } from './device-credentials.service';
import { DevicesService } from './devices.service';
import { DeviceCredentialResponse, FailedCredentialsResponse } from './dto/device-credential.response';
import { DeviceRequestDto } from './dto/device-request.dto';
import { FailedCredentialsDto } from './dto/failed-credentials.dto';

@ApiTags('Genetec Clearance')
@Controller('api/v1-private/tenant/:tenantId/credential')
@Authenticated({ roles: [Role.MANAGE_DEVICES] })
export class CredentialsController {
  constructor(
    private readonly devices: DevicesService,
    private readonly credentials: DeviceCredentialsService,
  ) {}

  @Post()
  @HttpCode(200)
  @SecretsInAnswer() // a read sent as POST: the credentials in clear
  @Operation({
    id: 'getDeviceCredentials',
    summary: "A device's current and pending credentials",
    description:
      'An empty list when the device has none. Credentials are added through configuration/negociate.',
  })
  @ApiOkResponse({ type: DeviceCredentialResponse, isArray: true })
  async list(
    @Param('tenantId') tenantId: string,
    @Body() dto: DeviceRequestDto,
  ): Promise<DeviceCredentialResponse[]> {
    const device = await this.devices.identify(tenantId, dto.DeviceId);
    return this.credentials.list(tenantId, device.id);
  }

  @Post('failed')
  @HttpCode(200)
  @Transactional()
  @Operation({
    id: 'reportFailedCredentials',
    summary: 'Report credentials that do not work',
    description: 'They are no longer returned.',
  })
  async failed(
    @Param('tenantId') tenantId: string,
    @Body() dto: FailedCredentialsDto,
  ): Promise<FailedCredentialsResponse> {
    const device = await this.devices.identify(tenantId, dto.DeviceId);
    const values = dto.Credentials.map((credential) => credential.DeviceCredential);
    return { MarkedFailed: await this.credentials.markFailed(tenantId, device.id, values) };
  }
}
