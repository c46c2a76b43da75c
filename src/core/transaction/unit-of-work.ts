import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { AuditService } from '../audit/audit.service';
import { AUDIT_CONTEXT, type AuditContext } from '../audit/audit-context';
import { retryOnDeadlock } from '../database/deadlock-retry';
import { KeyedTurns } from '../database/keyed-turns';
import { CommitMarkers } from './commit-markers';
import { CompensationScope } from './compensation-scope';
import { CompensationJournal } from './journal/compensation-journal';
import { COMPENSATION_SCOPE } from './tokens';
import type { TransactionalOptions } from './transactional.decorator';
import { UndoHandlers } from './undo-handlers';
import { UndoRunner } from './undo-runner';

/** What the unit of work needs to know of a route, read once from its metadata (RequestPipeline). */
export interface RouteTraits {
  transactional?: TransactionalOptions;
  /** Its @HttpCode, if any. */
  httpCode?: number;
}

/**
 * Every request's unit of work (in RequestPipeline, around the handler). Writes the success audit event (inside the
 * transaction for `@Transactional()` handlers), and for those runs the handler in one transaction with
 * a compensation scope. Failures are audited by the exception filter, after the rollback. A request
 * that is neither transactional nor audited passes through untouched.
 */
@Injectable()
export class UnitOfWork {
  private readonly tenantCounterTurns = new KeyedTurns();

  constructor(
    private readonly cls: ClsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly journal: CompensationJournal,
    private readonly handlers: UndoHandlers,
    private readonly markers: CommitMarkers,
    private readonly runner: UndoRunner,
  ) {}

  run(route: RouteTraits, request: FastifyRequest, reply: FastifyReply, handler: () => unknown): unknown {
    // Reads and polls with no transaction have nothing to do on the way out: the handler as it is.
    if (!route.transactional && !this.audit.mayRecord(request)) return handler();
    const run = async () => {
      const result = await handler();
      await this.audit.recordSuccess(request, statusOf(route, request, reply));
      return result;
    };
    return route.transactional ? this.inTransaction(request, run, route.transactional) : run();
  }

  /**
   * One transaction with its compensation scope. A deadlock victim is run again when it changed no
   * external system: the database undid all of it. One that moves its tenant's counter takes its
   * turn in the tenant for each attempt, and waits out the backoff without it.
   */
  private async inTransaction(
    request: FastifyRequest,
    run: () => Promise<unknown>,
    { tenantCounter }: TransactionalOptions,
  ): Promise<unknown> {
    const tenantId = this.cls.get<AuditContext | undefined>(AUDIT_CONTEXT)?.tenantId ?? null;
    let scope: CompensationScope | undefined;
    const attempt = () => {
      scope = new CompensationScope(
        this.journal,
        this.handlers,
        this.markers,
        this.runner,
        tenantId,
        request.id,
      );
      return this.attempt(scope, run);
    };
    const turn =
      tenantCounter && tenantId !== null ? () => this.tenantCounterTurns.run(tenantId, attempt) : attempt;
    return retryOnDeadlock(turn, () => !scope?.madeExternalChanges);
  }

  private async attempt(scope: CompensationScope, run: () => Promise<unknown>): Promise<unknown> {
    this.cls.set(COMPENSATION_SCOPE, scope);
    let result: unknown;
    try {
      result = await this.txHost.withTransaction(async (): Promise<unknown> => {
        const value = await run();
        await scope.prepareCommit();
        return value;
      });
    } catch (error) {
      // After the rollback (or a failed commit): an undo re-checks the world without this request's changes.
      await scope.compensate();
      throw error;
    } finally {
      this.cls.set(COMPENSATION_SCOPE, undefined);
    }
    await scope.afterCommit();
    return result;
  }
}

/** The status Nest is about to send: one set by the handler, else @HttpCode, else 201 for POST. */
function statusOf(route: RouteTraits, request: FastifyRequest, reply: FastifyReply): number {
  if (reply.statusCode !== 200) return reply.statusCode;
  return route.httpCode ?? (request.method === 'POST' ? 201 : 200);
}
