import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { ZoneState } from './zone-state';

/** The writes of zone states and momentary unlocks: one guarded UPDATE of the area's row each. */
@Injectable()
export class ZoneControlRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Sets the area's state and ends any momentary unlock (the new state is what the admin wants now).
   * `state_changed_at` moves only when the state does. False when the tenant has no such area.
   */
  async setState(tenantId: string, zoneId: string, state: ZoneState, now: Date): Promise<boolean> {
    const { affected } = await leanQuery(
      this.txHost.tx,
      `UPDATE mobile_controlled_areas
       SET state_changed_at = CASE WHEN state = ? THEN state_changed_at ELSE ? END, state = ?,
           unlocked_until = NULL, updated_at = ?
       WHERE tenant_id = ? AND id = ?`,
      [state, now, state, now, tenantId, zoneId],
    );
    return affected > 0;
  }

  /**
   * Unlocks the area until `until` unless it is in lockdown (checked in the same statement, so a
   * lockdown set meanwhile wins). False when the tenant has no such area or it is in lockdown.
   */
  async unlockUntil(tenantId: string, zoneId: string, until: Date, now: Date): Promise<boolean> {
    const { affected } = await leanQuery(
      this.txHost.tx,
      `UPDATE mobile_controlled_areas SET unlocked_until = ?, updated_at = ?
       WHERE tenant_id = ? AND id = ? AND state <> ?`,
      [until, now, tenantId, zoneId, ZoneState.LOCKDOWN],
    );
    return affected > 0;
  }
}
