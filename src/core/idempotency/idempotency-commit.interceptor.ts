import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import { IdempotentRequests } from './idempotent-requests';

/**
 * Global, registered after the unit of work so it runs inside its transaction: once the handler of a
 * keyed request succeeded, marks the key `committed` in that transaction. A process that dies between
 * the commit and storing the answer then leaves a key that is never run again (IdempotencyKeys.claim).
 */
@Injectable()
export class IdempotencyCommitInterceptor implements NestInterceptor {
  constructor(private readonly requests: IdempotentRequests) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await this.requests.markCommitted(request);
        return value;
      }),
    );
  }
}
