import { deviceUsername } from '../device-users/device-username';
import { Role, effectiveRoles } from './role.enum';

export type PrincipalKind = 'user' | 'device';

/**
 * A phone-bound token (Primis mobile): the phone id the app assigned, and the registration session
 * (the refresh-token family) it belongs to. Valid only while that phone holds that session.
 */
export interface PhoneBinding {
  phoneId: string;
  sessionId: string;
}

/**
 * The authenticated caller, as guards and handlers see it (`@CurrentUser()`): a human user, or a
 * device user `device_<deviceId>` (no roles; it reaches only routes marked `device: 'self'`, whose
 * handlers compare `deviceId` with the resource). `email` is the login name: `device_<id>` for a device.
 */
export class Principal {
  readonly roles: ReadonlySet<Role>;

  constructor(
    readonly userId: string,
    readonly tenantId: string,
    readonly email: string,
    granted: readonly Role[],
    readonly deviceId: string | null = null,
    /** Set for a token bound to a registered phone; null for Basic and the platform's own tokens. */
    readonly phone: PhoneBinding | null = null,
  ) {
    this.roles = effectiveRoles(granted);
  }

  /** The same caller, through a token bound to this phone session. */
  boundTo(phone: PhoneBinding): Principal {
    return new Principal(this.userId, this.tenantId, this.email, [...this.roles], this.deviceId, phone);
  }

  /** A device user: `userId` is its row's id (what its tokens name), `email` its login name. */
  static device(userId: string, tenantId: string, deviceId: string): Principal {
    return new Principal(userId, tenantId, deviceUsername(deviceId), [], deviceId);
  }

  get kind(): PrincipalKind {
    return this.deviceId === null ? 'user' : 'device';
  }

  /**
   * For handlers of `device: 'self'` routes, once the guard has checked a user's roles: a user may
   * reach any device of its tenant, a device user only its own (ids compared exactly).
   */
  mayAccessDevice(deviceId: string): boolean {
    return this.deviceId === null || this.deviceId === deviceId;
  }

  get isSystemAdmin(): boolean {
    return this.roles.has(Role.SYSTEM_ADMIN);
  }

  /** SYSTEM_ADMIN satisfies every role; anyone else needs one of those listed. */
  hasAnyRole(required: readonly Role[]): boolean {
    return this.isSystemAdmin || required.length === 0 || required.some((role) => this.roles.has(role));
  }

  mayActIn(tenantId: string): boolean {
    return this.isSystemAdmin || this.tenantId === tenantId;
  }
}
