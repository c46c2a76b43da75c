import { type OutboundAddressPolicy, OutboundAddressRefused } from '../../../core/outbound/address-policy';
import { bodyPrefix, guardedFetch } from '../../../core/outbound/guarded-fetch';
import type { ProvisioningClient, ProvisioningDocument, PutOutcome } from './provisioning-client';
import { ProvisioningFailure } from './provisioning-client';
import { MAX_TURN_WAIT_MS, type RateLimiter } from './rate-limiter';

export interface HttpServerSettings {
  baseUrl: string;
  userName: string | null;
  password: string | null;
  timeoutMs: number;
}

/**
 * The provisioning contract over HTTP: Basic credentials, a timeout, a rate limit, and only to addresses
 * the outbound policy allows (checked after DNS resolution, on every call).
 */
export class HttpProvisioningClient implements ProvisioningClient {
  constructor(
    private readonly server: HttpServerSettings,
    private readonly limiter: RateLimiter,
    private readonly addresses: OutboundAddressPolicy,
  ) {}

  async put(document: ProvisioningDocument): Promise<PutOutcome> {
    const response = await this.call('PUT', document.macAddress, {
      body: JSON.stringify(document),
      headers: { 'content-type': 'application/json' },
    });
    if (response.status === 201) return 'created';
    if (response.status === 200 || response.status === 204) return 'existed';
    throw await rejection(response);
  }

  async delete(mac: string, onlyIfProvisionedBy?: string): Promise<void> {
    const headers: Record<string, string> = onlyIfProvisionedBy
      ? { 'if-match': `"${onlyIfProvisionedBy}"` }
      : {};
    const response = await this.call('DELETE', mac, { headers });
    // 404: already gone. 412: created by someone else, which a rollback must leave in place.
    if (response.ok || response.status === 404 || (onlyIfProvisionedBy && response.status === 412)) {
      await response.body?.cancel();
      return;
    }
    throw await rejection(response);
  }

  private async call(
    method: string,
    mac: string,
    init: { body?: string; headers: Record<string, string> },
  ): Promise<Response> {
    if (!(await this.limiter.take()))
      throw new ProvisioningFailure(
        'unreachable',
        `no turn under requestsPerSecond within ${MAX_TURN_WAIT_MS / 1000} s (too many calls waiting)`,
      );
    const url = `${this.server.baseUrl.replace(/\/+$/, '')}/devices/${encodeURIComponent(mac)}`;
    const headers = { accept: 'application/json', ...init.headers, ...this.authorization() };
    const signal = AbortSignal.timeout(this.server.timeoutMs);
    try {
      return await guardedFetch(url, { method, body: init.body, headers, signal }, this.addresses);
    } catch (error) {
      if (error instanceof OutboundAddressRefused)
        throw new ProvisioningFailure('unreachable', `address refused: ${error.message}`);
      throw new ProvisioningFailure(
        'unreachable',
        signal.aborted ? `no answer within ${this.server.timeoutMs} ms` : 'connection failed',
      );
    }
  }

  private authorization(): Record<string, string> {
    if (this.server.userName === null) return {};
    const pair = `${this.server.userName}:${this.server.password ?? ''}`;
    return { authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
  }
}

/** The most of a refusal's body read: its `{code, message}`, not whatever a server would stream. */
const REFUSAL_BYTES = 16 * 1024;

/** A refusal: the server's `{code, message}` when it sent one, else its HTTP status. */
async function rejection(response: Response): Promise<ProvisioningFailure> {
  const text = await bodyPrefix(response, REFUSAL_BYTES);
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: the status says it all
  }
  const message = typeof body.message === 'string' ? body.message.slice(0, 500) : `HTTP ${response.status}`;
  const subCode = Number.isInteger(body.code) ? (body.code as number) : response.status;
  return new ProvisioningFailure('rejected', message, subCode, response.status);
}
