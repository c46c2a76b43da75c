import { Injectable } from '@nestjs/common';
import { WebhookEventType } from '../../../core/webhooks/event-types';
import { Events } from '../../../core/webhooks/events';
import type { DecisionRecord } from './access-decisions.repository';
import { type ZoneState, zoneStateName } from './zone-state';

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
 * a zone's state changed or momentarily unlocked. Published as webhook events in the caller's
 * transaction, keyed by the area (or, when no area was found, the phone) so each one's events stay in order.
 */
@Injectable()
export class AccessEvents {
  constructor(private readonly events: Events) {}

  /** `record` (the audit row's insert) and the decision's event, committed together (Events.publishWith). */
  async accessDecided(decision: DecisionRecord, record: () => Promise<void>): Promise<void> {
    const { tenantId, ...shown } = decision;
    const type =
      decision.result === 'granted'
        ? WebhookEventType.PRIMIS_ACCESS_GRANTED
        : WebhookEventType.PRIMIS_ACCESS_DENIED;
    const resourceId = decision.zoneId ?? `phone:${decision.phoneId}`;
    await this.events.publishWith(record, type, tenantId, resourceId, shown);
  }

  async zoneStateChanged(change: ZoneStateChange): Promise<void> {
    const { tenantId, zoneId, state, unlockedUntil, by } = change;
    await this.events.publish(WebhookEventType.PRIMIS_ZONE_STATE_CHANGED, tenantId, zoneId, {
      zoneId,
      state: zoneStateName(state),
      stateCode: state,
      unlockedUntil,
      by,
    });
  }
}
