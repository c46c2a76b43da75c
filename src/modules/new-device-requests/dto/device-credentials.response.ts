/** The credentials a device receives, once, after its request was accepted. */
export class DeviceCredentials {
  /** Device identifier. */
  id: string;
  /** Tenant to authenticate in. */
  tenantId: string;
  /** `device_<id>`. */
  username: string;
  /** Shown only in this answer; stored as an argon2id hash. */
  password: string;
  /** Link to this resource. */
  self: string;
}
