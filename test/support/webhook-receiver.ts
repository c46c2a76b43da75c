import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** Fast retries so failures and recovery fit in a test; a receiver is given 1 s. */
export const FAST_WEBHOOKS = {
  WEBHOOK_INTERVAL_MS: '100',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_TIMEOUT_MS: '1000',
};

export interface ReceivedEvent {
  id: string;
  type: string;
  tenant: string;
  requestId: string | null;
  timestamp: string;
  data: Record<string, unknown>;
  /** When it arrived (ms since the epoch). */
  receivedAt: number;
}

/**
 * An integrator's webhook receiver over real HTTP: verifies every request's signature with the
 * `standardwebhooks` package (as the README tells integrators to), de-duplicates by `webhook-id`,
 * and fails on purpose while `down` is set or for the next `failNext` requests.
 */
export class WebhookReceiver {
  /** Verified events, once each, in arrival order. */
  readonly events: ReceivedEvent[] = [];
  /** Every request that arrived, verified or not: `webhook-id` or `unsigned`. */
  readonly requests: string[] = [];
  readonly rejected: string[] = [];
  down = false;
  failNext = 0;
  delayMs = 0;
  secret = '';
  private readonly seen = new Set<string>();
  private readonly server: Server = createServer((request, response) => {
    void this.body(request).then(async (body) => {
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const id = String(request.headers['webhook-id'] ?? 'unsigned');
      this.requests.push(id);
      if (this.down || this.failNext > 0) {
        this.failNext = Math.max(0, this.failNext - 1);
        response.writeHead(503).end('receiver down on purpose');
        return;
      }
      try {
        const event = new Webhook(this.secret).verify(body, request.headers as Record<string, string>);
        if (!this.seen.has(id)) {
          this.seen.add(id);
          this.events.push({
            id,
            ...(event as Omit<ReceivedEvent, 'id' | 'receivedAt'>),
            receivedAt: Date.now(),
          });
        }
        response.writeHead(204).end();
      } catch (error) {
        this.rejected.push(`${id}: ${(error as Error).message}`);
        response.writeHead(400).end('bad signature');
      }
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  ofType(type: string): ReceivedEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  /** Waits until `count` distinct events arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedEvent[]> {
    const until = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > until)
        throw new Error(`expected ${count} events, got ${this.events.length}: ${this.types().join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.events;
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }

  private async body(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
