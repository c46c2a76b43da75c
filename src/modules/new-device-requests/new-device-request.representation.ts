import { readTimestamp } from '../../core/database/lean-query';
import type { NewDeviceRequest } from './dto/new-device-request.response';
import type { RequestRow } from './new-device-requests.repository';

export const DEVICECONTROL = '/devicecontrol';
export const REQUESTS_PATH = `${DEVICECONTROL}/newDeviceRequests`;

/** Properties the service sets or keeps out of the custom fragments. */
const RESERVED = new Set([
  'id',
  'self',
  'status',
  'type',
  'groupId',
  'tenantId',
  'owner',
  'creationTime',
  'securityToken',
]);

/** A column of MySQL TEXT holds 65,535 bytes. */
export const MAX_FRAGMENTS_BYTES = 65_000;

/** The custom fragments of a create body: every property Cumulocity does not define, as JSON (or null). */
export function customFragments(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const fragments = Object.entries(body).filter(([key]) => !RESERVED.has(key));
  return fragments.length > 0 ? JSON.stringify(Object.fromEntries(fragments)) : null;
}

/** Scheme and host the client called: Cumulocity's links are absolute. */
export const originOf = (request: { protocol: string; host: string }): string =>
  `${request.protocol}://${request.host}`;

/** The URL the client asked for, absolute. */
export const requestedUrl = (request: { protocol: string; host: string; url: string }): URL =>
  new URL(request.url, originOf(request));

export const requestSelf = (origin: string, deviceId: string): string =>
  `${origin}${REQUESTS_PATH}/${encodeURIComponent(deviceId)}`;

export function toRepresentation(row: RequestRow, origin: string): NewDeviceRequest {
  return {
    ...(row.fragments ? (JSON.parse(row.fragments) as object) : {}),
    id: row.device_id,
    self: requestSelf(origin, row.device_id),
    status: row.status,
    ...(row.type === null ? {} : { type: row.type }),
    ...(row.group_id === null ? {} : { groupId: row.group_id }),
    tenantId: row.tenant_id,
    owner: row.owner,
    creationTime: readTimestamp(row.creation_time).toISOString(),
  };
}
