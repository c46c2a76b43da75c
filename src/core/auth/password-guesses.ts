import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { sha256 } from '../crypto/sha256';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AppException, PlatformErrorCode } from '../http/app.exception';
import { DatabaseThrottlerStorage } from './database-throttler.storage';

const WINDOW_MS = 60_000;

/**
 * Wrong passwords per login (an email or a device id) and client address, counted in the database (so
 * across instances): past LOGIN_RATE_LIMIT_PER_MINUTE in a minute, that address is refused (429,
 * Retry-After) for that login until the minute ends, before argon2 runs. Basic is accepted on every
 * route, so without this any route would be an unlimited password oracle, each guess a full argon2 hash
 * of CPU. Each check is counted before argon2 runs, in one statement, so guesses sent in parallel cannot
 * all pass a count read before any was written; a right password is given back after. Unknown logins are
 * counted alike, so a 429 does not tell which exist. Only checks that reach argon2 come here: a
 * remembered password (nearly every request, and a client whose password is right while someone guesses
 * it) costs nothing and is not refused.
 */
@Injectable()
export class PasswordGuesses {
  private readonly logger = new Logger(PasswordGuesses.name);

  constructor(
    private readonly storage: DatabaseThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts a check of `login`'s password from `clientAddress`; a 429 past the limit. A database that
   * cannot take the count (its write lock held, a node lost) lets the check run: the password decides,
   * and a 503 would tell the client its credentials might be fine.
   */
  async admit(login: string, clientAddress: string): Promise<void> {
    const limit = this.config.loginRateLimitPerMinute;
    const counted = await this.storage
      .increment(key(login, clientAddress), WINDOW_MS, limit)
      .catch((error: unknown) => this.uncounted(error));
    if (counted?.isBlocked) throw tooManyGuesses(counted.timeToExpire);
  }

  /** The check found the password right: it is not a guess. */
  async acquit(login: string, clientAddress: string): Promise<void> {
    await this.storage.giveBack(key(login, clientAddress)).catch((error: unknown) => this.uncounted(error));
  }

  private uncounted(error: unknown): undefined {
    if (!isDatabaseUnavailable(error)) throw error;
    this.logger.warn(`a password check was not counted: ${(error as Error).message}`);
    return undefined;
  }
}

/** Hashed: the key column is bounded, and the table then holds no addresses or logins. */
const key = (login: string, clientAddress: string) =>
  `password-guesses:${sha256(`${clientAddress}\0${login}`)}`;

const tooManyGuesses = (retryAfterSeconds: number) =>
  new AppException(
    HttpStatus.TOO_MANY_REQUESTS,
    PlatformErrorCode.RATE_LIMITED,
    'too many password attempts for this login from this address; retry later',
    [],
    { 'retry-after': String(retryAfterSeconds) },
  );
