import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DatabaseThrottlerStorage } from '../../../core/auth/database-throttler.storage';
import { AppConfig } from '../../../config/app-config';
import { MobileAuthErrors } from './mobile-auth.errors';

const WINDOW_MS = 60_000;

/**
 * Mobile Basic logins, limited per account and client address in the shared database (the
 * platform's throttler storage), so the limit holds across instances. Every attempt counts: a
 * flood of good passwords costs argon2 time as much as a flood of bad ones.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly storage: DatabaseThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async check(username: string, clientAddress: string): Promise<void> {
    // Hashed: the key column is bounded, and the table then holds no login names.
    const account = createHash('sha256')
      .update(`${clientAddress}\0${username.trim().toLowerCase()}`)
      .digest('hex');
    const limit = this.config.loginRateLimitPerMinute;
    const record = await this.storage.increment(`mobile-login:${account}`, WINDOW_MS, limit);
    if (record.isBlocked) throw MobileAuthErrors.tooManyLogins(record.timeToExpire);
  }
}
