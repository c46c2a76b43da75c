import { Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../../config/app-config';
import { SecretBox } from '../crypto/secret-box';
import { WebhookAddressPolicy } from './webhook-address-policy';
import { bodyPrefix, guardedFetch } from '../outbound/guarded-fetch';
import type { ClaimedDelivery } from './webhook-deliveries.repository';
import { secretContext } from './webhook-secret';

/** What an attempt came to: null when the endpoint answered 2xx, else why not. */
export type AttemptError = string | null;

/** The most of a refusing receiver's body kept as the delivery's last error. */
const ERROR_BODY_CHARS = 200;

/**
 * Sends one delivery as the Standard Webhooks spec says: POST of the JSON payload with `webhook-id`
 * (the event's id, the same on every attempt), `webhook-timestamp` and `webhook-signature`
 * (HMAC-SHA256 with the endpoint's secret). Only where the outbound policy allows (SSRF), never
 * following redirects, aborted after WEBHOOK_TIMEOUT_MS.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly secrets: SecretBox,
    private readonly policy: WebhookAddressPolicy,
    private readonly config: AppConfig,
  ) {}

  /** Never throws: whatever goes wrong is this delivery's error, not its batch's. */
  async send(delivery: ClaimedDelivery): Promise<AttemptError> {
    const signal = AbortSignal.timeout(this.config.webhooks.timeoutMs);
    let signature: string;
    const sentAt = new Date();
    try {
      const secret = this.secrets.open(delivery.secretSealed, secretContext(delivery.endpointId));
      signature = new Webhook(secret).sign(delivery.eventId, sentAt, delivery.payload);
    } catch {
      return "the endpoint's secret cannot be opened (was SECRETS_KEY changed?): rotate the secret";
    }
    try {
      const response = await guardedFetch(
        delivery.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'device-gateway-webhooks',
            'webhook-id': delivery.eventId,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body: delivery.payload,
          signal,
        },
        this.policy,
      );
      // A few bytes more than the characters kept: the receiver's answer is read no further.
      const text = await bodyPrefix(response, ERROR_BODY_CHARS * 4);
      if (response.ok) return null;
      return `HTTP ${response.status}${text ? `: ${text.slice(0, ERROR_BODY_CHARS)}` : ''}`;
    } catch (error) {
      return signal.aborted
        ? `no answer within ${this.config.webhooks.timeoutMs} ms`
        : (error as Error).message;
    }
  }
}
