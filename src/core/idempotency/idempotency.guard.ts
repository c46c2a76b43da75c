import { randomUUID } from 'node:crypto';
import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { AppException } from '../http/app.exception';
import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyErrorCode,
  parseIdempotencyKey,
  STATE_CHANGING,
} from './idempotency-key-header';
import { IdempotentRequests } from './idempotent-requests';
import { keyRecordId, requestFingerprint } from './request-fingerprint';
import { answerBody, type StoredAnswer } from './stored-answer';

/** Set on a replayed answer, so a client (and its logs) can tell it from a fresh one. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * The last guard of every route that can change state (requestPipeline): on a request of an
 * authenticated caller that sends `Idempotency-Key`, claims the key before anything else runs (the
 * validation, the handler, its transaction, its external calls), replays a stored answer, or refuses
 * (422 another request's key, 409 still running). A guard, not an interceptor: Nest runs guards before
 * validation, as the claim must be (a 400 is stored and replayed like any answer), without wrapping every
 * request of the route in rxjs. The answer is stored as it is sent (IdempotentRequests.settle, onSend).
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(private readonly requests: IdempotentRequests) {}

  /** Synchronous for a request without a key (nearly all): Nest then awaits nothing for this guard. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    // Unauthenticated (@Public) requests are not keyed: a key belongs to a caller.
    if (!STATE_CHANGING.has(request.method) || header === undefined || !request.user) return true;
    return this.claim(request, request.user, parseIdempotencyKey(header), context);
  }

  private async claim(
    request: FastifyRequest,
    user: Principal,
    key: string,
    context: ExecutionContext,
  ): Promise<boolean> {
    const claim = await this.requests.claim(request, context.switchToHttp().getResponse(), {
      id: keyRecordId(user.tenantId, user.userId, key),
      tenantId: user.tenantId,
      principalId: user.userId,
      key,
      fingerprint: requestFingerprint(request),
      requestId: request.id,
      token: randomUUID(),
    });
    if (claim.outcome === 'run') return true;
    if (claim.outcome === 'replay') throw new StoredAnswerReplay(claim.answer);
    throw refusal(claim.outcome);
  }
}

/**
 * Stops a replayed request before its handler, the only way a guard can: the exception filter sends
 * the stored answer as it was (status, headers, body) instead of rendering an error, and audits nothing.
 */
export class StoredAnswerReplay extends Error {
  constructor(private readonly answer: StoredAnswer) {
    super('replayed');
  }

  send(reply: FastifyReply): void {
    void reply
      .status(this.answer.status)
      .headers({ ...this.answer.headers, [REPLAYED_HEADER]: 'true' })
      .send(answerBody(this.answer));
  }
}

function refusal(outcome: 'mismatch' | 'in-use' | 'answer-lost'): AppException {
  if (outcome === 'mismatch')
    return new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      IdempotencyErrorCode.KEY_REUSED,
      'This Idempotency-Key was used for another request (method, path or body differ); use a new key',
    );
  if (outcome === 'in-use')
    return new AppException(
      HttpStatus.CONFLICT,
      IdempotencyErrorCode.KEY_IN_USE,
      'A request with this Idempotency-Key is still running; retry once it has answered',
      [],
      { 'retry-after': '1' },
    );
  return new AppException(
    HttpStatus.CONFLICT,
    IdempotencyErrorCode.ANSWER_LOST,
    'The request with this Idempotency-Key completed, but the server stopped before its answer was kept; ' +
      'read the resource to see the outcome, or use a new key',
  );
}
