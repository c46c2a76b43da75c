/** What a redirect or vendor server receives for one device (the JSON body of `PUT /devices/{mac}`). */
export interface ProvisioningDocument {
  macAddress: string;
  deviceName: string;
  deviceType: string;
  tenantId: string;
  groupId: string;
  /** Identifies this request's write: a rollback deletes the record only if it still carries it. */
  provisioningId: string;
  /** Vendor servers only, when the phone type asks for them. */
  activationCode?: string;
  credentials?: { userName: string; password: string };
}

/** `created`: the record is new. `existed`: it was there before (replaced, keeping its provisioningId). */
export type PutOutcome = 'created' | 'existed';

/**
 * The provisioning contract every redirect and vendor server speaks (docs/provisioning-contract.md):
 * `PUT /devices/{mac}` and `DELETE /devices/{mac}`. A delete of what is gone is success; a delete
 * with `onlyIfProvisionedBy` leaves a record created by someone else in place.
 */
export interface ProvisioningClient {
  put(document: ProvisioningDocument): Promise<PutOutcome>;
  delete(mac: string, onlyIfProvisionedBy?: string): Promise<void>;
}

export type ServerRole = 'redirect' | 'vendor';

/**
 * A server did not do what was asked. `subCode`: the `code` of its JSON body, else the HTTP status;
 * `status`: the HTTP status of a refusal.
 */
export class ProvisioningFailure extends Error {
  constructor(
    readonly reason: 'rejected' | 'unreachable',
    message: string,
    readonly subCode: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}
