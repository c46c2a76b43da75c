import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../../core/database/lean-query';

/** The distinct beacon UUIDs of the areas a user's access groups hold, with geolocation enabled. */
const BEACON_UUIDS_OF_USER = `SELECT DISTINCT b.uuid FROM mobile_user_access_groups m
  JOIN mobile_access_group_areas ga ON ga.tenant_id = m.tenant_id AND ga.access_group_id = m.access_group_id
  JOIN mobile_controlled_areas a ON a.tenant_id = ga.tenant_id AND a.id = ga.controlled_area_id
  JOIN mobile_beacons b ON b.tenant_id = a.tenant_id AND b.unique_id = a.beacon_unique_id
  WHERE m.tenant_id = ? AND m.user_id = ? AND a.geo_enabled = 1
  ORDER BY b.uuid`;

/**
 * The login answer's `beacon` (a JSON string, as the spec's example): whether the app should scan for
 * beacons at all, and the iBeacon UUIDs to scan for. It follows the site model, not the time of day: an
 * area whose schedule is off now still needs its beacon seen when the app asks later.
 */
@Injectable()
export class BeaconConfiguration {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async of(tenantId: string, userId: string): Promise<string> {
    const { records } = await leanQuery<{ uuid: string }>(this.txHost.tx, BEACON_UUIDS_OF_USER, [
      tenantId,
      userId,
    ]);
    const uuids = records.map((row) => row.uuid);
    // `uuid` is the spec's one field (the lowest, so the answer is stable); `uuids` all of them.
    return JSON.stringify(uuids.length === 0 ? { enabled: false } : { enabled: true, uuid: uuids[0], uuids });
  }
}
