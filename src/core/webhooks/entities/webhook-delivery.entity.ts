import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending    to send (again) at next_attempt_at, once no earlier event of its resource is pending
 * delivered  the endpoint answered 2xx
 * failed     gave up after WEBHOOK_MAX_ATTEMPTS; a tenant admin may redeliver it
 */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * The outbox: one row per event and subscribed endpoint, written in the transaction of the change
 * the event tells about. Rows of one (endpoint, resource) are delivered in id order.
 */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('ix_webhook_deliveries_resource', ['endpointId', 'resourceKey', 'status', 'id'])
@Index('ix_webhook_deliveries_endpoint', ['tenantId', 'endpointId', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'endpoint_id', type: 'varchar', length: 36 })
  endpointId: string;

  /** The Standard Webhooks message id (`webhook-id`): the same on every attempt and every endpoint. */
  @Column({ name: 'event_id', type: 'varchar', length: 40 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  /** `<resource kind>/<id>`: what the event is about, the unit of ordering. */
  @Column({ name: 'resource_key', type: 'varchar', length: 255 })
  resourceKey: string;

  /** The JSON body exactly as signed and sent. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookDeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  /** A sender's claim: another instance takes the row over only once it has passed. */
  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'claim_id', type: 'varchar', length: 36, nullable: true })
  claimId: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;
}
