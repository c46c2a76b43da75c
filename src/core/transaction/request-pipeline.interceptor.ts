import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyCommitInterceptor } from '../idempotency/idempotency-commit.interceptor';
import { UnitOfWorkInterceptor } from './unit-of-work.interceptor';

/**
 * The one global interceptor: the idempotency key's claim, then the unit of work (transaction, audit),
 * then, inside the transaction, the key's commit mark, chained here rather than registered as three.
 * Nest wraps every registered interceptor in its own rxjs layers and async resource on every request;
 * here a request that needs none of them (no key, no transaction, no audit: every poll and read) gets
 * Nest's handler back unwrapped, as each step passes it through.
 */
@Injectable()
export class RequestPipelineInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyInterceptor,
    private readonly unitOfWork: UnitOfWorkInterceptor,
    private readonly commitMark: IdempotencyCommitInterceptor,
  ) {}

  intercept(context: ExecutionContext, handler: CallHandler): Observable<unknown> {
    // Each step calls the next one's handle() only once it goes on (the commit mark after the claim).
    const marked: CallHandler = { handle: () => this.commitMark.intercept(context, handler) };
    const unitOfWork: CallHandler = { handle: () => this.unitOfWork.intercept(context, marked) };
    return this.idempotency.intercept(context, unitOfWork);
  }
}
