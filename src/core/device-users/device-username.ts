/** Device users log in as `device_<deviceId>`, Cumulocity's name for them; no tenant slug starts so. */
export const DEVICE_USERNAME_PREFIX = 'device_';

/** The login name of a device's user, as Cumulocity hands it out. */
export const deviceUsername = (deviceId: string): string => `${DEVICE_USERNAME_PREFIX}${deviceId}`;
