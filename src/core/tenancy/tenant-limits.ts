/**
 * A per-tenant limit: a counter on the tenant row and the column holding its maximum (null: none).
 * Each change that the limit governs moves the counter in its own transaction, by one guarded write
 * on that row (ARCHITECTURE rule 9): conflicting changes meet on one row, on one server as on every
 * node of a cluster, and nothing scans the counted rows.
 */
export interface TenantLimit {
  readonly count: string;
  readonly limit: string;
}

/** Genetec: devices active at once. */
export const ACTIVE_DEVICES: TenantLimit = { count: 'active_device_count', limit: 'active_device_limit' };

/** Mender: auth sets accepted at once. */
export const ACCEPTED_DEVICES: TenantLimit = {
  count: 'accepted_device_count',
  limit: 'accepted_device_limit',
};

/** Primis: phones registered in the tenant (the per-user limit is a counter on the mobile user's row). */
export const MOBILE_PHONES: TenantLimit = { count: 'mobile_phone_count', limit: 'mobile_phones_total' };
