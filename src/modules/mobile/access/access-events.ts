import { Injectable } from '@nestjs/common';
import type { DecisionRecord } from './access-decisions.repository';
import type { ZoneState } from './zone-state';

export interface ZoneStateChange {
  tenantId: string;
  zoneId: string;
  state: ZoneState;
  /** Set for a momentary unlock: when it ends by itself. */
  unlockedUntil: Date | null;
  by: string;
}

/**
 * Where the access module tells the rest of the platform what happened: an access granted or denied,
 * a zone's state changed or momentarily unlocked. Outbound events (webhooks) are published from here.
 */
@Injectable()
export class AccessEvents {
  accessDecided(decision: DecisionRecord): void {
    void decision;
  }

  zoneStateChanged(change: ZoneStateChange): void {
    void change;
  }
}
