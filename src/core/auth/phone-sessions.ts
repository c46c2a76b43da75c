import { Injectable } from '@nestjs/common';
import type { PhoneBinding, Principal } from './principal';

/** What the module that registers phones (Primis mobile) knows about a phone-bound token's session. */
export interface PhoneSessionStore {
  /** True while the principal's phone is registered to it and still holds the token's session. */
  holds(principal: Principal): Promise<boolean>;
  /** Ends the session (one of its refresh tokens was replayed): its access tokens stop at once too. */
  end(userId: string, phone: PhoneBinding): Promise<void>;
  /** The user is being deleted (in the caller's transaction): its phones go and their licence places are freed. */
  forgetUser(tenantId: string, userId: string): Promise<void>;
}

/**
 * The JWT strategy and the token service ask here whether a phone-bound token still holds, so a
 * deregistered or revoked phone stops on every route at once; deleting a user tells it here, so its
 * phones do not keep licence places. The mobile module registers the store at start-up; without one,
 * no phone-bound token is valid (deny by default).
 */
@Injectable()
export class PhoneSessions {
  private store: PhoneSessionStore | undefined;

  use(store: PhoneSessionStore): void {
    this.store = store;
  }

  async holds(principal: Principal): Promise<boolean> {
    if (principal.phone === null) return true;
    return (await this.store?.holds(principal)) ?? false;
  }

  async end(userId: string, phone: PhoneBinding): Promise<void> {
    await this.store?.end(userId, phone);
  }

  async forgetUser(tenantId: string, userId: string): Promise<void> {
    await this.store?.forgetUser(tenantId, userId);
  }
}
