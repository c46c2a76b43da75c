import { randomUUID } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable, of } from 'rxjs';
import type { Principal } from '../auth/principal';
import { AppException } from '../http/app.exception';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyErrorCode, parseIdempotencyKey } from './idempotency-key-header';
import { IdempotentRequests } from './idempotent-requests';
import { keyRecordId, requestFingerprint } from './request-fingerprint';
import { answerBody, type StoredAnswer } from './stored-answer';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Set on a replayed answer, so a client (and its logs) can tell it from a fresh one. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * First in RequestPipelineInterceptor, right after the guard: on a state-changing request of an authenticated caller that
 * sends `Idempotency-Key`, claims the key before anything runs (the handler, its transaction, its
 * external calls), replays a stored answer, or refuses (422 another request's key, 409 still running).
 * The answer is stored as it is sent (IdempotentRequests.settle, from Fastify's onSend).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly requests: IdempotentRequests) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Principal }>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    // Unauthenticated (@Public) requests are not keyed: a key belongs to a caller.
    if (!STATE_CHANGING.has(request.method) || header === undefined || !request.user) return next.handle();
    const key = parseIdempotencyKey(header);
    const keyRequest = {
      id: keyRecordId(request.user.tenantId, request.user.userId, key),
      tenantId: request.user.tenantId,
      principalId: request.user.userId,
      key,
      fingerprint: requestFingerprint(request),
      requestId: request.id,
      token: randomUUID(),
    };
    return from(this.requests.claim(request, http.getResponse(), keyRequest)).pipe(
      mergeMap((claim) => {
        if (claim.outcome === 'run') return next.handle();
        if (claim.outcome === 'replay') return of(this.replay(context, http.getResponse(), claim.answer));
        throw refusal(claim.outcome);
      }),
    );
  }

  /** The stored answer, sent as Nest would send the handler's (or by us, for a handler that sends its own). */
  private replay(context: ExecutionContext, reply: FastifyReply, answer: StoredAnswer): Buffer | undefined {
    void reply.status(answer.status).headers({ ...answer.headers, [REPLAYED_HEADER]: 'true' });
    const body = answerBody(answer);
    if (!sendsItsOwnReply(context)) return body;
    void reply.send(body);
    return undefined;
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

/** A handler with `@Res()` (no passthrough) sends its own reply: Nest sends nothing for it. */
function sendsItsOwnReply(context: ExecutionContext): boolean {
  const [controller, method] = [context.getClass(), context.getHandler().name];
  const params = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    unknown
  >;
  const passthrough = Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, method) as
    boolean | undefined;
  return (
    !passthrough &&
    Object.keys(params).some((key) =>
      [RouteParamtypes.RESPONSE, RouteParamtypes.NEXT].includes(Number(key.split(':')[0])),
    )
  );
}
