import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import type { Principal } from '../../../core/auth/principal';
import { AppException, PlatformErrorCode } from '../../../core/http/app.exception';

/** Unlock calls one user may make per minute, across the four unlock routes and every instance. */
export const UNLOCK_CALLS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/**
 * Stops unlock floods: a fixed one-minute window per user, counted in the shared throttler storage
 * (the database: the limit holds across instances). Beyond it: 429 with Retry-After, Primis' shape.
 */
@Injectable()
export class UnlockRateLimitGuard implements CanActivate {
  constructor(@InjectThrottlerStorage() private readonly storage: ThrottlerStorage) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = context.switchToHttp().getRequest<{ user: Principal }>().user;
    const { isBlocked, timeToExpire } = await this.storage.increment(
      `mobile-unlock:${principal.tenantId}:${principal.userId}`,
      WINDOW_MS,
      UNLOCK_CALLS_PER_MINUTE,
      WINDOW_MS,
      'mobile-unlock',
    );
    if (!isBlocked) return true;
    throw new AppException(
      HttpStatus.TOO_MANY_REQUESTS,
      PlatformErrorCode.RATE_LIMITED,
      `Too many unlock requests: at most ${UNLOCK_CALLS_PER_MINUTE} a minute`,
      [],
      { 'retry-after': String(timeToExpire) },
    );
  }
}
