import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../database/lean-query';
import type { WebhookEventType } from './event-types';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';

/** Webhook endpoints, always scoped by tenant, through the request's transaction. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(WebhookEndpointEntity);
  }

  /** Ids of the tenant's active endpoints that subscribe to this type (on every publish: lean). */
  async subscribedTo(tenantId: string, type: WebhookEventType): Promise<string[]> {
    const { records } = await leanQuery<{ id: string; event_types: string }>(
      this.txHost.tx,
      'SELECT id, event_types FROM webhook_endpoints WHERE tenant_id = ? AND active = 1',
      [tenantId],
    );
    return records
      .filter((row) => (JSON.parse(row.event_types) as string[]).includes(type))
      .map((row) => row.id);
  }

  findById(tenantId: string, id: string): Promise<WebhookEndpointEntity | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  list(tenantId: string, skip: number, take: number): Promise<WebhookEndpointEntity[]> {
    return this.repository.find({ where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' }, skip, take });
  }

  async insert(endpoint: WebhookEndpointEntity): Promise<void> {
    await this.repository.insert(endpoint);
  }

  async update(tenantId: string, id: string, changes: Partial<WebhookEndpointEntity>): Promise<void> {
    await this.repository.update({ tenantId, id }, changes);
  }

  /** The endpoint and its deliveries: nothing is sent to it any more. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.txHost.tx.delete(WebhookDeliveryEntity, { tenantId, endpointId: id });
    await this.repository.delete({ tenantId, id });
  }
}
