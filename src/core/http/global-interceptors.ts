import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { defer, type Observable } from 'rxjs';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyCommitInterceptor } from '../idempotency/idempotency-commit.interceptor';
import { UnitOfWorkInterceptor } from '../transaction/unit-of-work.interceptor';

/**
 * The platform's interceptors as one global interceptor, outermost first: idempotency (a claim, a
 * replay or a refusal happens before any transaction opens), the unit of work, then the idempotent
 * answer's commit (inside the transaction). Nest wraps each global interceptor of every request in an
 * async resource and two more observables; as one, a request pays that once (bench/README, issue 12).
 * Each inner `handle()` stays lazy, as Nest's is: an interceptor that never subscribes runs nothing inside.
 */
@Injectable()
export class GlobalInterceptors implements NestInterceptor {
  private readonly chain: NestInterceptor[];

  constructor(
    idempotency: IdempotencyInterceptor,
    unitOfWork: UnitOfWorkInterceptor,
    commit: IdempotencyCommitInterceptor,
  ) {
    this.chain = [idempotency, unitOfWork, commit];
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const from = (index: number): CallHandler =>
      index === this.chain.length
        ? next
        : { handle: () => defer(() => this.chain[index].intercept(context, from(index + 1))) };
    return from(0).handle();
  }
}
