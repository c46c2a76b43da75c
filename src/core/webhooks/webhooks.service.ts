import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { PlatformErrorCode, PlatformException } from '../http/app.exception';
import { WebhookAddressPolicy } from './webhook-address-policy';
import { TenantsService } from '../tenancy/tenants.service';
import type { CreateWebhookDto } from './dto/create-webhook.dto';
import type { UpdateWebhookDto } from './dto/update-webhook.dto';
import type { WebhookDeliveryStatus, WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { newWebhookSecret, secretContext } from './webhook-secret';

/** A tenant admin's webhook endpoints and their deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly tenants: TenantsService,
    private readonly secrets: SecretBox,
    private readonly addresses: WebhookAddressPolicy,
  ) {}

  /** Returns the endpoint and its secret, which is never shown again. */
  async create(
    tenantId: string,
    dto: CreateWebhookDto,
  ): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    await this.tenants.get(tenantId);
    await this.checkUrl(dto.url);
    const now = new Date();
    const id = randomUUID();
    const secret = newWebhookSecret();
    const endpoint = Object.assign(new WebhookEndpointEntity(), {
      id,
      tenantId,
      url: dto.url,
      eventTypes: dto.eventTypes,
      active: dto.active ?? true,
      description: dto.description ?? null,
      secretSealed: this.secrets.seal(secret, secretContext(id)),
      createdAt: now,
      updatedAt: now,
    });
    await this.endpoints.insert(endpoint);
    return { endpoint, secret };
  }

  async get(tenantId: string, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await this.endpoints.findById(tenantId, id);
    if (!endpoint) throw PlatformException.notFound('webhook');
    return endpoint;
  }

  async list(tenantId: string, skip: number, take: number): Promise<WebhookEndpointEntity[]> {
    await this.tenants.get(tenantId);
    return this.endpoints.list(tenantId, skip, take);
  }

  async update(tenantId: string, id: string, dto: UpdateWebhookDto): Promise<WebhookEndpointEntity> {
    const endpoint = await this.get(tenantId, id);
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    const changes: Partial<WebhookEndpointEntity> = { updatedAt: new Date() };
    if (dto.url !== undefined) changes.url = dto.url;
    if (dto.eventTypes !== undefined) changes.eventTypes = dto.eventTypes;
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.description !== undefined) changes.description = dto.description;
    await this.endpoints.update(tenantId, id, changes);
    return Object.assign(endpoint, changes);
  }

  /** A new secret, effective at once (also for deliveries still pending); the old one stops working. */
  async rotateSecret(
    tenantId: string,
    id: string,
  ): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    const endpoint = await this.get(tenantId, id);
    const secret = newWebhookSecret();
    const changes = { secretSealed: this.secrets.seal(secret, secretContext(id)), updatedAt: new Date() };
    await this.endpoints.update(tenantId, id, changes);
    return { endpoint: Object.assign(endpoint, changes), secret };
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.endpoints.delete(tenantId, id);
  }

  async deliveriesOf(
    tenantId: string,
    id: string,
    status: WebhookDeliveryStatus | undefined,
    skip: number,
    take: number,
  ): Promise<WebhookDeliveryEntity[]> {
    await this.get(tenantId, id);
    return this.deliveries.list(tenantId, id, status, skip, take);
  }

  /** Sends a delivered or failed event again (same `webhook-id`), with a fresh round of attempts. */
  async redeliver(tenantId: string, id: string, deliveryId: number): Promise<WebhookDeliveryEntity> {
    await this.get(tenantId, id);
    const delivery = await this.deliveries.find(tenantId, id, deliveryId);
    if (!delivery) throw PlatformException.notFound('delivery');
    if (!(await this.deliveries.requeue(tenantId, id, deliveryId)))
      throw PlatformException.conflict('this delivery is still pending: it will be attempted again');
    return (await this.deliveries.find(tenantId, id, deliveryId)) as WebhookDeliveryEntity;
  }

  private async checkUrl(url: string): Promise<void> {
    const refused = await this.addresses.refusalOfUrl(url);
    if (refused)
      throw new PlatformException(
        HttpStatus.BAD_REQUEST,
        PlatformErrorCode.VALIDATION_FAILED,
        `url: ${refused}`,
        [{ field: 'url', message: refused }],
      );
  }
}
