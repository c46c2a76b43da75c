import { Injectable } from '@nestjs/common';
import type { PhoneSessionStore } from '../../../core/auth/phone-sessions';
import type { PhoneBinding, Principal } from '../../../core/auth/principal';
import { MobilePhonesRepository } from './mobile-phones.repository';
import { MobileUsersService } from './mobile-users.service';

/**
 * Answers the platform's PhoneSessions: a phone-bound token holds while its phone holds its session;
 * a deleted user's mobile rows go with it.
 */
@Injectable()
export class PhoneSessionStoreImpl implements PhoneSessionStore {
  constructor(
    private readonly phones: MobilePhonesRepository,
    private readonly mobileUsers: MobileUsersService,
  ) {}

  holds(principal: Principal): Promise<boolean> {
    const { phone } = principal;
    if (phone === null) return Promise.resolve(true);
    return this.phones.holdsSession(principal.tenantId, principal.userId, phone.phoneId, phone.sessionId);
  }

  end(userId: string, phone: PhoneBinding): Promise<void> {
    return this.phones.endSession(userId, phone.sessionId);
  }

  forgetUser(tenantId: string, userId: string): Promise<void> {
    return this.mobileUsers.forget(tenantId, userId);
  }
}
