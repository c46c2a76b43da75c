import { Injectable } from '@nestjs/common';
import { parseUsername } from '../../../core/auth/credentials-verifier';
import { DatabaseThrottlerStorage } from '../../../core/auth/database-throttler.storage';
import { sha256 } from '../../../core/crypto/sha256';
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
    // Per email, whatever tenant prefix it is sent with; hashed: the key column is bounded, and the
    // table then holds no login names.
    const account = sha256(`${clientAddress}\0${parseUsername(username).email}`);
    const limit = this.config.loginRateLimitPerMinute;
    const record = await this.storage.increment(`mobile-login:${account}`, WINDOW_MS, limit);
    if (record.isBlocked) throw MobileAuthErrors.tooManyLogins(record.timeToExpire);
  }
}
