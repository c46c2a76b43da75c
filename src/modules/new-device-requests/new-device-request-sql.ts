import { NewDeviceRequestStatus } from './new-device-request-status';

/** The columns a page and a single read show (RequestRow). */
export const REQUEST_COLUMN_NAMES = [
  'seq',
  'tenant_id',
  'device_id',
  'status',
  'type',
  'group_id',
  'owner',
  'creation_time',
  'fragments',
];
export const REQUEST_COLUMNS = REQUEST_COLUMN_NAMES.join(', ');

/**
 * The bootstrap poll's statements, in one place: the repository runs them, and bench/credentials-poll's
 * raw Fastify + mysql2 server runs the very same text (its floor to compare with).
 */
export const POLL_SQL = {
  /** (device key): the id's requests in every tenant, with each tenant's token mode. */
  requestsOf:
    'SELECT r.seq, r.tenant_id, r.device_id, r.status, r.security_token_hash, r.credentials_issued_at, ' +
    's.security_token_mode FROM new_device_requests r ' +
    'LEFT JOIN new_device_request_settings s ON s.tenant_id = r.tenant_id WHERE r.device_key = ?',

  /** (device key, tenant) */
  request: `SELECT ${REQUEST_COLUMNS} FROM new_device_requests WHERE device_key = ? AND tenant_id = ?`,

  /**
   * One poll counted on its row (NewDeviceRequestsRepository.countPoll says how); `advance` moves
   * WAITING_FOR_CONNECTION on to PENDING_ACCEPTANCE.
   */
  countPoll(seq: number, now: Date, windowMs: number, max: number, advance: boolean): [string, unknown[]] {
    const windowOver = '(poll_window_start IS NULL OR poll_window_start <= ?)';
    const next = advance
      ? `CASE WHEN status = '${NewDeviceRequestStatus.WAITING_FOR_CONNECTION}' THEN '${NewDeviceRequestStatus.PENDING_ACCEPTANCE}' ELSE status END`
      : 'status';
    const sql =
      'UPDATE new_device_requests SET ' +
      `status = CASE WHEN NOT ${windowOver} AND poll_count >= ? THEN '${NewDeviceRequestStatus.BLOCKED}' ELSE ${next} END, ` +
      `poll_count = CASE WHEN ${windowOver} THEN 1 ELSE poll_count + 1 END, ` +
      `poll_window_start = CASE WHEN ${windowOver} THEN ? ELSE poll_window_start END ` +
      `WHERE seq = ? AND status <> '${NewDeviceRequestStatus.BLOCKED}' AND credentials_issued_at IS NULL`;
    const windowStart = new Date(now.getTime() - windowMs);
    return [sql, [windowStart, max, windowStart, windowStart, now, seq]];
  },
};
