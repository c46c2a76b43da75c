import { randomUUID } from 'node:crypto';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { databaseUnavailableCause } from '../database/database-unavailable';
import { retryDelayMs } from './retry-schedule';
import { type ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSender } from './webhook-sender';

/** Deliveries claimed (and sent concurrently) per round; while any were, the next starts at once. */
const BATCH = 32;
/** A claim outlives the attempt (aborted at the timeout) by this much, for the outcome's write. */
const LEASE_MARGIN_MS = 5000;
/** Delivered and failed rows are kept this long for the deliveries list (and a redelivery). */
export const DELIVERY_RETENTION_MS = 30 * 86_400_000;
const CLEANUP_EVERY_MS = 3600_000;

/**
 * Background loop, safe on every instance at once: claims due deliveries with a lease, sends them,
 * records the outcome (delivered; or retried with backoff and jitter; or failed after
 * WEBHOOK_MAX_ATTEMPTS). A claim of an instance that died expires with its lease and is sent again:
 * delivery is at least once, receivers de-duplicate by `webhook-id`.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private cleanedAt = 0;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.webhooks.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends what is due until nothing is; concurrent calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass()
      .catch((error: Error) => {
        // An outage is the database's to report (requests answer 503); the next pass tries again.
        const outage = databaseUnavailableCause(error);
        if (outage) this.logger.warn(`webhook deliveries wait for the database: ${outage}`);
        else this.logger.error(`webhook pass failed: ${error.message}`);
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const claimId = randomUUID();
    const leaseMs = this.config.webhooks.timeoutMs + LEASE_MARGIN_MS;
    while (!this.stopping) {
      await this.removeExpired();
      const { claimed, more } = await this.deliveries.claimDue(
        BATCH,
        claimId,
        new Date(Date.now() + leaseMs),
      );
      const outcomes = await Promise.all(claimed.map((delivery) => this.sender.send(delivery)));
      const delivered = claimed.filter((_, i) => outcomes[i] === null).map((delivery) => delivery.id);
      await this.deliveries.settleDelivered(delivered, claimId, new Date());
      for (const [i, delivery] of claimed.entries()) {
        const error = outcomes[i];
        if (error !== null) await this.failed(delivery, claimId, error);
      }
      // A settled event lets its resource's next one go (only a resource's oldest pending event is
      // due): after a round that claimed anything, look again rather than wait for the next tick.
      if (!more && claimed.length === 0) return;
    }
  }

  /** Settled rows past their retention go once an hour, also while a busy pass goes on for longer. */
  private async removeExpired(): Promise<void> {
    if (Date.now() - this.cleanedAt <= CLEANUP_EVERY_MS) return;
    this.cleanedAt = Date.now();
    await this.deliveries.removeSettledBefore(new Date(Date.now() - DELIVERY_RETENTION_MS));
  }

  /** Retried with backoff and jitter, or failed for good after WEBHOOK_MAX_ATTEMPTS. */
  private async failed(delivery: ClaimedDelivery, claimId: string, error: string): Promise<void> {
    const attempts = delivery.attempts + 1;
    const { maxAttempts, retryBaseMs } = this.config.webhooks;
    const now = Date.now();
    const givingUp = attempts >= maxAttempts;
    if (givingUp) this.logger.warn(`delivery ${delivery.id} failed after ${attempts} attempt(s): ${error}`);
    await this.deliveries.settleFailed(delivery.id, claimId, {
      status: givingUp ? 'failed' : 'pending',
      attempts,
      lastError: error,
      nextAttemptAt: new Date(givingUp ? now : now + retryDelayMs(attempts, retryBaseMs)),
    });
  }
}
