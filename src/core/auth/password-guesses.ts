import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { sha256 } from '../crypto/sha256';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AppException, PlatformErrorCode } from '../http/app.exception';
import { DatabaseThrottlerStorage } from './database-throttler.storage';

const WINDOW_MS = 60_000;

/**
 * Wrong passwords per account and client address, counted in the database (so across instances): past
 * LOGIN_RATE_LIMIT_PER_MINUTE in a minute, that address is refused (429, Retry-After) for that account
 * until the minute ends, before argon2 runs. Basic is accepted on every route, so without this any route
 * would be an unlimited password oracle, each guess a full argon2 hash of CPU. Only checks that reach
 * argon2 come here: a remembered password (nearly every request, and a client whose password is right
 * while someone guesses it) costs nothing and is not refused.
 */
@Injectable()
export class PasswordGuesses {
  private readonly logger = new Logger(PasswordGuesses.name);

  constructor(
    private readonly storage: DatabaseThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async refuseIfBlocked(accountId: string, clientAddress: string): Promise<void> {
    const window = await this.storage.current(key(accountId, clientAddress));
    if (window && window.hits >= this.config.loginRateLimitPerMinute)
      throw tooManyGuesses(window.timeToExpire);
  }

  /**
   * A database that cannot take the count (its write lock held, a node lost) leaves the answer a 401:
   * the password was wrong, and a 503 would tell the client its credentials might be fine.
   */
  async countFailure(accountId: string, clientAddress: string): Promise<void> {
    const limit = this.config.loginRateLimitPerMinute;
    await this.storage.increment(key(accountId, clientAddress), WINDOW_MS, limit).catch((error: unknown) => {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`a wrong password was not counted: ${(error as Error).message}`);
    });
  }
}

/** Hashed: the key column is bounded, and the table then holds no addresses or account ids. */
const key = (accountId: string, clientAddress: string) =>
  `password-guesses:${sha256(`${clientAddress}\0${accountId}`)}`;

const tooManyGuesses = (retryAfterSeconds: number) =>
  new AppException(
    HttpStatus.TOO_MANY_REQUESTS,
    PlatformErrorCode.RATE_LIMITED,
    'too many wrong passwords for this account from this address; retry later',
    [],
    { 'retry-after': String(retryAfterSeconds) },
  );
