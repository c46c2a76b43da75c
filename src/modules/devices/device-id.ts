import { createHash } from 'node:crypto';

/** The two fields of a DeviceIdentification (or DeviceId) that name the device. */
export interface DeviceKey {
  SerialNumber: string;
  Manufacturer: string;
}

/** Namespace of this service's device ids (a constant: changing it would re-key every device). */
const NAMESPACE = Buffer.from('6b1f0a4e2c3d4f5a8b9c0d1e2f3a4b5c', 'hex');

/**
 * The device id Genetec Clearance derives from the identification's first two fields: the same
 * (SerialNumber, Manufacturer) always gives the same id, compared exactly (case and spaces count).
 * A name-based UUID (RFC 9562 version 5), computed here in a few lines rather than with a dependency.
 */
export function deviceIdFor({ SerialNumber, Manufacturer }: DeviceKey): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(JSON.stringify([Manufacturer, SerialNumber]))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
