/**
 * Every role of the platform, in one place.
 * TENANT_ADMIN implies every role of its tenant except SYSTEM_ADMIN; SYSTEM_ADMIN acts in any tenant.
 */
export enum Role {
  /** Platform operator: manages tenants, acts in any tenant. Only in the `management` tenant. */
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
  /** Manages the users of one tenant; holds every tenant role. */
  TENANT_ADMIN = 'TENANT_ADMIN',
  /** Genetec Clearance "Manage devices" security policy. */
  MANAGE_DEVICES = 'MANAGE_DEVICES',
  /** Cumulocity: accept device requests, change their status. */
  ROLE_DEVICE_CONTROL_ADMIN = 'ROLE_DEVICE_CONTROL_ADMIN',
  /** Cumulocity: read device requests. */
  ROLE_DEVICE_CONTROL_READ = 'ROLE_DEVICE_CONTROL_READ',
  /** Cumulocity: bootstrap user polling for device credentials. */
  ROLE_DEVICE_BOOTSTRAP = 'ROLE_DEVICE_BOOTSTRAP',
  /** Mender: change admission status. */
  ADMISSION_ADMIN = 'ADMISSION_ADMIN',
  /** Mender: read auth sets. */
  ADMISSION_READ = 'ADMISSION_READ',
  /** APIO: provision access devices and phone types. */
  ACCESS_DEVICE_ADMIN = 'ACCESS_DEVICE_ADMIN',
  /** APIO: read access devices. */
  ACCESS_DEVICE_READ = 'ACCESS_DEVICE_READ',
  /** Primis: manage zones, schedules and geolocation settings. */
  MOBILE_ADMIN = 'MOBILE_ADMIN',
  /** Primis: a mobile app user. */
  MOBILE_USER = 'MOBILE_USER',
  /**
   * Primis: a reader or door controller. Reads the effective state of its tenant's controlled areas
   * (the poll), nothing else: no mobile route, no site model, no change.
   */
  MOBILE_AREA_STATE_READ = 'MOBILE_AREA_STATE_READ',
}

export const ALL_ROLES = Object.values(Role);

/** The roles a user effectively holds, with TENANT_ADMIN expanded. */
export function effectiveRoles(granted: readonly Role[]): Set<Role> {
  const roles = new Set(granted);
  if (roles.has(Role.TENANT_ADMIN)) {
    for (const role of ALL_ROLES) if (role !== Role.SYSTEM_ADMIN) roles.add(role);
  }
  return roles;
}
