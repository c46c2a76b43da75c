import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { IdempotencyKeys } from './idempotency-keys';

/** Expired keys are purged this often, by every instance (each delete is of expired rows only). */
const PURGE_INTERVAL_MS = 10 * 60_000;

/** Deletes expired Idempotency-Key records in the background; an expired key is already ignored by claims. */
@Injectable()
export class IdempotencyPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly keys: IdempotencyKeys) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One purge; concurrent calls share the one in progress. */
  purge(): Promise<void> {
    this.running ??= this.keys
      .purgeExpired()
      .then((count) => {
        if (count > 0) this.logger.log(`${count} expired idempotency key(s) purged`);
      })
      .catch((error: Error) => this.logger.error(`idempotency purge failed: ${error.message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
