import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, SkipAudit } from '../../core/auth/authenticated.decorator';
import { Role } from '../../core/auth/role.enum';
import { Operation } from '../../core/http/operation.decorator';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { CommitTransactionDto } from './dto/commit-transaction.dto';
import { NegotiateDto } from './dto/negotiate.dto';
import {
  DeviceConfigurationResponse,
  NegotiationResponse,
  TransactionResponse,
} from './dto/negotiation.response';
import { RejectTransactionDto } from './dto/reject-transaction.dto';
import { SetConfigurationDto } from './dto/set-configuration.dto';
import { NegotiationService } from './negotiation.service';

const CLOSED =
  'The transaction is already committed, rejected or superseded by a newer negotiation, or it expired.';

@ApiTags('Genetec Clearance')
@Controller('api/v1/tenant/:tenantId')
@Authenticated({ roles: [Role.MANAGE_DEVICES] })
export class NegotiationController {
  constructor(private readonly negotiation: NegotiationService) {}

  @Post('configuration/negociate')
  @SkipAudit() // a fleet polls this: audit events would be one write per poll; commits and rejects are audited
  @Operation({
    id: 'negotiateConfiguration',
    summary: 'Report capabilities and configuration; receive the expected configuration',
    description:
      'Capabilities are stored at once, on every call. If the reported Configuration equals the stored one (key order ' +
      'ignored) and no credential waits for a commit: 304 with no body. Otherwise: a TransactionId and the expected ' +
      'Configuration, to commit once applied or to reject. A Credential becomes current when its transaction is committed. ' +
      'The first negotiation of an unknown device registers it (inactive) and adopts its configuration.',
  })
  @ApiOkResponse({ type: NegotiationResponse })
  @ApiNotModifiedResponse({ description: 'The device runs the expected configuration: nothing to do.' })
  @ApiPayloadTooLargeResponse({
    description: 'Configuration or Capabilities beyond DEVICE_DOCUMENT_LIMIT_BYTES.',
  })
  negotiate(
    @Param('tenantId') tenantId: string,
    @Body() dto: NegotiateDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Sent, not awaited: an answer held on its way out finishes on its own (core/http/direct-routes.ts).
    return this.negotiation.negotiate(tenantId, dto).then((outcome) => {
      if (outcome === 'not-modified') void reply.status(304).send();
      else void reply.status(200).send(outcome);
    });
  }

  @Post('configuration/commit')
  @HttpCode(200)
  @Transactional()
  @Operation({
    id: 'commitConfiguration',
    summary: 'Confirm a negotiated configuration is applied',
    description: 'The only way a configuration becomes effective; its credential, if any, becomes current.',
  })
  @ApiConflictResponse({ description: CLOSED })
  commit(
    @Param('tenantId') tenantId: string,
    @Body() dto: CommitTransactionDto,
  ): Promise<TransactionResponse> {
    return this.negotiation.commit(tenantId, dto);
  }

  @Post('configuration/reject')
  @HttpCode(200)
  @Transactional()
  @Operation({
    id: 'rejectConfiguration',
    summary: 'Report that a negotiated configuration cannot be applied',
  })
  @ApiConflictResponse({ description: CLOSED })
  reject(
    @Param('tenantId') tenantId: string,
    @Body() dto: RejectTransactionDto,
  ): Promise<TransactionResponse> {
    return this.negotiation.reject(tenantId, dto);
  }

  @Put('device/:deviceId/configuration')
  @Transactional()
  @Operation({
    id: 'setDeviceConfiguration',
    summary: 'Set the configuration a device should run',
    description: 'Offered to the device at its next negotiation.',
  })
  setDesired(
    @Param('tenantId') tenantId: string,
    @Param('deviceId') deviceId: string,
    @Body() dto: SetConfigurationDto,
  ): Promise<DeviceConfigurationResponse> {
    return this.negotiation.setDesired(tenantId, deviceId, dto.Configuration);
  }

  @Get('device/:deviceId/configuration')
  @Operation({
    id: 'getDeviceConfiguration',
    summary: "A device's desired and applied configuration, capabilities and negotiation history",
    description: 'The history shows each transaction with its outcome and reject reason, newest first.',
  })
  state(
    @Param('tenantId') tenantId: string,
    @Param('deviceId') deviceId: string,
  ): Promise<DeviceConfigurationResponse> {
    return this.negotiation.state(tenantId, deviceId);
  }
}
