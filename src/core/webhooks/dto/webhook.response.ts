import { ApiProperty } from '@nestjs/swagger';
import { WebhookEventType } from '../event-types';
import type { WebhookEndpointEntity } from '../entities/webhook-endpoint.entity';

/** An endpoint as the API shows it: never its secret. */
export class WebhookResponse {
  id: string;
  url: string;
  @ApiProperty({ enum: WebhookEventType, enumName: 'WebhookEventType', isArray: true })
  eventTypes: WebhookEventType[];
  active: boolean;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;

  static from({ id, url, eventTypes, active, description, createdAt, updatedAt }: WebhookEndpointEntity) {
    return Object.assign(new WebhookResponse(), {
      id,
      url,
      eventTypes,
      active,
      description,
      createdAt,
      updatedAt,
    });
  }
}

/** At creation and on a rotation only: the signing secret, shown this once. */
export class WebhookWithSecretResponse extends WebhookResponse {
  /** Standard Webhooks secret (`whsec_` + base64) to verify `webhook-signature` with. Shown once. */
  secret: string;
}
