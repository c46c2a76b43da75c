import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import { IdempotentRequests } from './idempotent-requests';

/**
 * Last in RequestPipelineInterceptor, so it runs inside the unit of work's transaction: once the handler of a
 * keyed request succeeded, marks the key `committed` in that transaction. A process that dies between
 * the commit and storing the answer then leaves a key that is never run again (IdempotencyKeys.claim).
 */
@Injectable()
export class IdempotencyCommitInterceptor implements NestInterceptor {
  constructor(private readonly requests: IdempotentRequests) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Called once IdempotencyInterceptor's claim is settled (RequestPipelineInterceptor).
    if (!this.requests.holdsKey(request)) return next.handle();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await this.requests.markCommitted(request);
        return value;
      }),
    );
  }
}
