import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../http/page-query.dto';
import type { WebhookDeliveryEntity, WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';

const STATUSES: WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed'];

export class ListWebhookDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES, enumName: 'WebhookDeliveryStatus' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: WebhookDeliveryStatus;
}

/** One event's delivery to one endpoint. */
export class WebhookDeliveryResponse {
  id: number;
  /** The `webhook-id` header: the same on every attempt. */
  eventId: string;
  eventType: string;
  @ApiProperty({ enum: STATUSES, enumName: 'WebhookDeliveryStatus' })
  status: WebhookDeliveryStatus;
  attempts: number;
  /** Why the last attempt failed (status and the start of the body, or the network error). */
  lastError: string | null;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;

  static from(row: WebhookDeliveryEntity): WebhookDeliveryResponse {
    const { id, eventId, eventType, status, attempts, lastError, nextAttemptAt, deliveredAt, createdAt } =
      row;
    return Object.assign(new WebhookDeliveryResponse(), {
      id,
      eventId,
      eventType,
      status,
      attempts,
      lastError,
      nextAttemptAt: status === 'pending' ? nextAttemptAt : null,
      deliveredAt,
      createdAt,
    });
  }
}
