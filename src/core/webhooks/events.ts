import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { retryOnDeadlock } from '../database/deadlock-retry';
import { resourceKindOf, type WebhookEventType } from './event-types';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** The body every endpoint receives (Standard Webhooks: `type`, `timestamp`, `data`). */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  tenant: string;
  /** The request that caused the event; null for background work (e.g. a bulk import, an undo). */
  requestId: string | null;
  data: unknown;
}

/** The most JSON one event carries: the outbox column is a TEXT on MySQL (64 KiB). */
export const MAX_PAYLOAD_BYTES = 60_000;

/** The body as JSON; a resource too large to carry is named by its id, for the receiver to read it from the API. */
function withinLimit(body: WebhookPayload, resourceId: string): string {
  const json = JSON.stringify(body);
  if (Buffer.byteLength(json) <= MAX_PAYLOAD_BYTES) return json;
  return JSON.stringify({
    ...body,
    data: { id: resourceId, omitted: `larger than ${MAX_PAYLOAD_BYTES} bytes` },
  });
}

/** The resource as the module's API shows it, or how to read it (only when an endpoint subscribes). */
export type EventResource = object | (() => Promise<object>);

/**
 * The event's `webhook-id`, for a change that may be published again (an undo that runs again after
 * its transaction rolled back): each publication then carries the same id, which receivers de-duplicate.
 */
export interface PublishOptions {
  eventId?: string;
}

/**
 * What modules call at the point of a change: `publish(type, tenantId, resourceId, resource)`, with
 * the resource as the module's API shows it. Writes one outbox row per subscribed endpoint through
 * the ambient transaction, so a change that rolls back never sends its event. Delivery happens
 * later, out of band (WebhookDispatcher).
 */
@Injectable()
export class Events {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly cls: ClsService,
  ) {}

  async publish(
    type: WebhookEventType,
    tenantId: string,
    resourceId: string,
    resource: EventResource,
    options: PublishOptions = {},
  ): Promise<void> {
    const subscribed = await this.endpoints.subscribedTo(tenantId, type);
    if (subscribed.length > 0) await this.write(subscribed, type, tenantId, resourceId, resource, options);
  }

  /**
   * `change` (one write) and its event, for a hot path outside any transaction: when no endpoint takes
   * the event (most tenants, most events) the write runs on its own, one autocommit statement; when one
   * does, both commit together in a transaction. Inside a request's transaction, both simply join it.
   */
  async publishWith(
    change: () => Promise<void>,
    type: WebhookEventType,
    tenantId: string,
    resourceId: string,
    resource: EventResource,
  ): Promise<void> {
    const subscribed = await this.endpoints.subscribedTo(tenantId, type);
    if (subscribed.length === 0) return change();
    const both = async () => {
      await change();
      await this.write(subscribed, type, tenantId, resourceId, resource, {});
    };
    if (this.txHost.isTransactionActive()) return both();
    await retryOnDeadlock(() => this.txHost.withTransaction(both));
  }

  private async write(
    subscribed: string[],
    type: WebhookEventType,
    tenantId: string,
    resourceId: string,
    resource: EventResource,
    options: PublishOptions,
  ): Promise<void> {
    const now = new Date();
    const body: WebhookPayload = {
      type,
      timestamp: now.toISOString(),
      tenant: tenantId,
      requestId: this.cls.isActive() ? (this.cls.getId() ?? null) : null,
      data: typeof resource === 'function' ? await (resource as () => Promise<object>)() : resource,
    };
    const payload = withinLimit(body, resourceId);
    const eventId = options.eventId ?? `msg_${randomUUID()}`;
    const resourceKey = `${resourceKindOf(type)}/${resourceId}`.slice(0, 255);
    await this.txHost.tx.insert(
      WebhookDeliveryEntity,
      subscribed.map((endpointId) => ({
        tenantId,
        endpointId,
        eventId,
        eventType: type,
        resourceKey,
        payload,
        status: 'pending' as const,
        attempts: 0,
        lastError: null,
        nextAttemptAt: now,
        lockedUntil: null,
        claimId: null,
        createdAt: now,
        deliveredAt: null,
      })),
    );
  }
}
