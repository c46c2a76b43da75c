import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FailureMode = 'status500' | 'vendor500' | 'vendorError' | 'timeout' | 'reset';

interface StoredRecord {
  provisioningId: string;
  document: Record<string, unknown>;
}

/**
 * A redirect or vendor provisioning server speaking the contract (docs/provisioning-contract.md) over
 * real HTTP, with failures a test switches on. `timeout` applies the change, then answers too late;
 * the others change nothing.
 */
export class FakeProvisioningServer {
  readonly records = new Map<string, StoredRecord>();
  /** Every call, as `PUT 221100CCBBAA`. */
  readonly calls: string[] = [];
  readonly authorizations = new Set<string>();
  private readonly failures: { method: string; mode: FailureMode }[] = [];
  private readonly holds: { method: string; reached: () => void; released: Promise<void> }[] = [];
  /** How many armed failures were applied to a call. */
  injected = 0;
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));
  hangMs = 1500;

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next `times` calls of `method` fail this way. */
  fail(method: 'PUT' | 'DELETE', mode: FailureMode, times = 1): void {
    for (let i = 0; i < times; i += 1) this.failures.push({ method, mode });
  }

  /**
   * The next call of `method` applies its change, then answers only once the test calls `release`
   * (`reached` resolves when it arrived): a request held open for as long as a test needs, whatever the load.
   */
  holdNext(method: 'PUT' | 'DELETE'): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ method, reached, released });
    return { reached: arrived, release };
  }

  /** No more failures: what is armed and not yet applied is dropped. */
  heal(): void {
    this.failures.length = 0;
  }

  reset(): void {
    this.records.clear();
    this.calls.length = 0;
    this.failures.length = 0;
    this.injected = 0;
    this.holds.length = 0;
    this.authorizations.clear();
  }

  /** MAC -> provisioningId, to compare with what the service holds. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.records].map(([mac, record]) => [mac, record.provisioningId]));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/api\/devices\/([^/]+)$/.exec(request.url ?? '');
    const body = await new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => resolve(text));
    });
    if (request.headers.authorization) this.authorizations.add(request.headers.authorization);
    if (!match) return void response.writeHead(404).end();
    const mac = decodeURIComponent(match[1]);
    this.calls.push(`${request.method} ${mac}`);
    const index = this.failures.findIndex((failure) => failure.method === request.method);
    const failure = index >= 0 ? this.failures.splice(index, 1)[0].mode : undefined;
    if (failure) this.injected += 1;
    if (failure === 'reset') return void request.socket.destroy();
    if (failure === 'status500') return void response.writeHead(500).end('internal trouble');
    if (failure === 'vendorError' || failure === 'vendor500') {
      const [status, error] =
        failure === 'vendorError'
          ? [400, { code: 4001, message: 'Illegal MAC address format' }]
          : [500, { code: 5003, message: 'Provisioning database unavailable' }];
      return void response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(error));
    }
    const status =
      request.method === 'PUT'
        ? this.put(mac, JSON.parse(body))
        : this.delete(mac, request.headers['if-match']);
    if (failure === 'timeout') await new Promise((resolve) => setTimeout(resolve, this.hangMs));
    const held = this.holds.findIndex((hold) => hold.method === request.method);
    if (held >= 0) {
      const [hold] = this.holds.splice(held, 1);
      hold.reached();
      await hold.released;
    }
    if (!response.destroyed) response.writeHead(status).end();
  }

  private put(mac: string, document: Record<string, unknown>): number {
    const existing = this.records.get(mac);
    this.records.set(mac, {
      provisioningId: existing?.provisioningId ?? String(document.provisioningId),
      document,
    });
    return existing ? 200 : 201;
  }

  private delete(mac: string, ifMatch: string | undefined): number {
    const existing = this.records.get(mac);
    if (!existing) return 404;
    if (ifMatch !== undefined && ifMatch !== `"${existing.provisioningId}"`) return 412;
    this.records.delete(mac);
    return 204;
  }
}
