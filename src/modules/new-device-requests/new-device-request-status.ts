/** A registration's life: created, seen polling, accepted by an admin, or blocked for too many polls. */
export enum NewDeviceRequestStatus {
  WAITING_FOR_CONNECTION = 'WAITING_FOR_CONNECTION',
  PENDING_ACCEPTANCE = 'PENDING_ACCEPTANCE',
  ACCEPTED = 'ACCEPTED',
  BLOCKED = 'BLOCKED',
}

/** Whether a device's poll and an admin's accept must present the request's securityToken. */
export enum SecurityTokenMode {
  /** Every request carries a token; poll and accept must present it. */
  REQUIRED = 'REQUIRED',
  /** Checked for the requests that carry one. */
  OPTIONAL = 'OPTIONAL',
  /** Never checked. */
  IGNORED = 'IGNORED',
}

/** Does this request's token have to be presented under the tenant's mode? */
export function tokenChecked(mode: SecurityTokenMode, hasToken: boolean): boolean {
  if (mode === SecurityTokenMode.REQUIRED) return true;
  return mode === SecurityTokenMode.OPTIONAL && hasToken;
}

/** The one change an admin may make: PENDING_ACCEPTANCE to ACCEPTED. The reason when refused. */
export function refusalToAccept(current: NewDeviceRequestStatus, wanted: unknown): string | null {
  if (wanted !== NewDeviceRequestStatus.ACCEPTED)
    return `status can only be changed to ACCEPTED (got ${JSON.stringify(wanted ?? null)})`;
  if (current !== NewDeviceRequestStatus.PENDING_ACCEPTANCE)
    return `only a request in PENDING_ACCEPTANCE can be accepted; this one is ${current}${
      current === NewDeviceRequestStatus.WAITING_FOR_CONNECTION ? ' (the device has not polled yet)' : ''
    }${current === NewDeviceRequestStatus.BLOCKED ? ' (delete it to start over)' : ''}`;
  return null;
}
