import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { type ClaimOutcome, IdempotencyKeys, type KeyRequest } from './idempotency-keys';
import { captureAnswer, isStorable } from './stored-answer';

interface Running {
  keyRequest: KeyRequest;
  heartbeat: NodeJS.Timeout;
}

/**
 * The requests this instance runs under a key: their lease is renewed while they run, and their
 * answer is stored (or the key released) as it is sent, before the client can see it, so a retry
 * that follows the answer replays it instead of finding the key still running.
 */
@Injectable()
export class IdempotentRequests {
  private readonly logger = new Logger('Idempotency');
  private readonly running = new WeakMap<FastifyRequest, Running>();

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly config: AppConfig,
  ) {}

  async claim(request: FastifyRequest, reply: FastifyReply, keyRequest: KeyRequest): Promise<ClaimOutcome> {
    const claim = await this.keys.claim(keyRequest);
    if (claim.outcome !== 'run') return claim;
    // On SQLite a renewal waits for the open transaction, as a competing claim does, in turn: a claim
    // never reads a lease older than the renewal queued before it.
    const heartbeat = setInterval(
      () =>
        void this.keys
          .renew(keyRequest)
          .catch((error: Error) => this.logger.warn(`lease not renewed: ${error.message}`)),
      (this.config.idempotency.leaseSeconds * 1000) / 3,
    );
    heartbeat.unref();
    this.running.set(request, { keyRequest, heartbeat });
    // Once the response is over (sent, or the client gone), the lease stops being renewed.
    reply.raw.once('close', () => clearInterval(heartbeat));
    return claim;
  }

  /** Whether this request claimed a key (most requests send none: their hooks skip everything). */
  holdsKey(request: FastifyRequest): boolean {
    return this.running.has(request);
  }

  /** Inside the request's transaction, once its handler succeeded (see RequestPipeline). */
  async markCommitted(request: FastifyRequest): Promise<void> {
    const running = this.running.get(request);
    if (running) await this.keys.markCommitted(running.keyRequest);
  }

  /** Fastify onSend: stores what is about to be sent, or frees the key when that answer is not kept. */
  async settle(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const running = this.running.get(request);
    if (!running) return;
    this.running.delete(request);
    clearInterval(running.heartbeat);
    const answer = isStorable(reply.statusCode) ? captureAnswer(reply, payload) : undefined;
    try {
      if (answer) await this.keys.store(running.keyRequest, answer);
      else await this.keys.release(running.keyRequest);
    } catch (error) {
      // The key stays running until its lease ends; then a retry runs (README: "Safe retries").
      this.logger.error(`answer of request ${request.id} not stored: ${(error as Error).message}`);
    }
  }
}
