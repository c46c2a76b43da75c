import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { Role } from '../auth/role.enum';
import { ApiPagedResponse } from '../http/api-paged-response.decorator';
import { Operation } from '../http/operation.decorator';
import { PageQuery } from '../http/page-query.dto';
import { paginate } from '../http/pagination';
import { SecretsInAnswer } from '../idempotency/secrets-in-answer.decorator';
import { Transactional } from '../transaction/transactional.decorator';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { ListWebhookDeliveriesQuery, WebhookDeliveryResponse } from './dto/webhook-delivery.response';
import { WebhookResponse, WebhookWithSecretResponse } from './dto/webhook.response';
import { WebhooksService } from './webhooks.service';

const UUID = new ParseUUIDPipe({ version: '4' });
const withSecret = ({ endpoint, secret }: Awaited<ReturnType<WebhooksService['create']>>) =>
  Object.assign(new WebhookWithSecretResponse(), WebhookResponse.from(endpoint), { secret });

@ApiTags('Platform: webhooks')
@Controller('api/v1/tenants/:tenantId/webhooks')
@Authenticated({ roles: [Role.TENANT_ADMIN] })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Transactional()
  @SecretsInAnswer()
  @Operation({
    id: 'createWebhook',
    summary: 'Register a webhook endpoint',
    description:
      'Events are POSTed signed as the Standard Webhooks specification says. The answer carries the signing secret: it is shown this once, ' +
      'so the route takes no Idempotency-Key (a replay would show it again).',
  })
  async create(
    @Param('tenantId') tenantId: string,
    @Body() dto: CreateWebhookDto,
  ): Promise<WebhookWithSecretResponse> {
    return withSecret(await this.webhooks.create(tenantId, dto));
  }

  @Get()
  @Operation({ id: 'listWebhooks', summary: "List a tenant's webhook endpoints" })
  @ApiPagedResponse(WebhookResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.webhooks.list(tenantId, skip, take),
    );
    return rows.map((row) => WebhookResponse.from(row));
  }

  @Get(':webhookId')
  @Operation({ id: 'getWebhook', summary: 'Get a webhook endpoint' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('webhookId', UUID) webhookId: string,
  ): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.webhooks.get(tenantId, webhookId));
  }

  @Patch(':webhookId')
  @Transactional()
  @Operation({
    id: 'updateWebhook',
    summary: "Change a webhook endpoint's URL, event types, active flag or description",
    description: 'Deliveries already queued keep their events; a new URL applies to their next attempt.',
  })
  async update(
    @Param('tenantId') tenantId: string,
    @Param('webhookId', UUID) webhookId: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.webhooks.update(tenantId, webhookId, dto));
  }

  @Post(':webhookId/rotate-secret')
  @HttpCode(200)
  @Transactional()
  @SecretsInAnswer()
  @Operation({
    id: 'rotateWebhookSecret',
    summary: "Replace a webhook endpoint's signing secret",
    description:
      'The new secret is shown this once (no Idempotency-Key here) and signs every attempt from now on, also of queued deliveries.',
  })
  async rotateSecret(
    @Param('tenantId') tenantId: string,
    @Param('webhookId', UUID) webhookId: string,
  ): Promise<WebhookWithSecretResponse> {
    return withSecret(await this.webhooks.rotateSecret(tenantId, webhookId));
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteWebhook',
    summary: 'Delete a webhook endpoint',
    description: 'Its deliveries go with it, also those not sent yet.',
  })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('webhookId', UUID) webhookId: string,
  ): Promise<void> {
    await this.webhooks.delete(tenantId, webhookId);
  }

  @Get(':webhookId/deliveries')
  @Operation({
    id: 'listWebhookDeliveries',
    summary: "List a webhook endpoint's deliveries, newest first",
    description:
      '`pending`: to be attempted at `nextAttemptAt`; `delivered`: answered 2xx; `failed`: gave up after WEBHOOK_MAX_ATTEMPTS.',
  })
  @ApiPagedResponse(WebhookDeliveryResponse)
  async deliveries(
    @Param('tenantId') tenantId: string,
    @Param('webhookId', UUID) webhookId: string,
    @Query() query: ListWebhookDeliveriesQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookDeliveryResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.webhooks.deliveriesOf(tenantId, webhookId, query.status, skip, take),
    );
    return rows.map((row) => WebhookDeliveryResponse.from(row));
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Transactional()
  @Operation({
    id: 'redeliverWebhook',
    summary: 'Send a delivered or failed event again',
    description: 'Same `webhook-id`, a fresh round of attempts, due now.',
  })
  @ApiConflictResponse({ description: 'The delivery is still pending.' })
  async redeliver(
    @Param('tenantId') tenantId: string,
    @Param('webhookId', UUID) webhookId: string,
    @Param('deliveryId', ParseIntPipe) deliveryId: number,
  ): Promise<WebhookDeliveryResponse> {
    return WebhookDeliveryResponse.from(await this.webhooks.redeliver(tenantId, webhookId, deliveryId));
  }
}
