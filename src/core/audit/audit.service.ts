import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { sha256 } from '../crypto/sha256';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AUDIT_CONTEXT, type AuditContext } from './audit-context';
import { type AuditOutcome, AuditEventEntity } from './entities/audit-event.entity';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor and target columns' length. */
const NAME_LENGTH = 300;

/**
 * A name as long as its column at most: a device user's (`device_` + an id of up to 1000 characters)
 * or a login attempt's may be longer. A cut name keeps its start and gains a digest of the whole, so
 * two long names stay apart.
 */
function fit(name: string | null): string | null {
  if (name === null || name.length <= NAME_LENGTH) return name;
  const digest = sha256(name).slice(0, 16);
  return `${name.slice(0, NAME_LENGTH - digest.length - 1)}…${digest}`;
}

/**
 * Audit events for every state-changing request: a success is written inside the request's
 * transaction (it commits with the change or not at all), a failure after the rollback.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly cls: ClsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Called by the auth guard once the route and the caller are known. */
  begin(context: Omit<AuditContext, 'target'> & { target?: string | null }): void {
    if (this.cls.isActive()) this.cls.set(AUDIT_CONTEXT, { target: null, ...context });
  }

  /** Refines the event from inside a handler: the created id, the tenant a login resolved to. */
  describe(details: Partial<Pick<AuditContext, 'target' | 'tenantId' | 'actor'>>): void {
    const context = this.context();
    if (context) Object.assign(context, details);
  }

  /**
   * Whether this request may write an audit event at all: a state-changing method on a route that
   * does not skip audit. A read (or a polling route) needs no audit work on its way out.
   */
  mayRecord(request: FastifyRequest): boolean {
    const context = this.context();
    return context !== undefined && !context.skip && !READ_METHODS.has(request.method);
  }

  async recordSuccess(request: FastifyRequest, statusCode: number): Promise<void> {
    await this.record(request, 'success', statusCode);
  }

  /**
   * Never throws: failing to audit a failure must not mask the failure itself. When the database is
   * down the exception filter has already logged the outage as an error: this is only its echo.
   */
  async recordFailure(request: FastifyRequest, statusCode: number): Promise<void> {
    try {
      await this.record(request, 'failure', statusCode);
    } catch (error) {
      const line = `could not record a failed request: ${(error as Error).message}`;
      if (isDatabaseUnavailable(error)) this.logger.warn(line);
      else this.logger.error(line);
    }
  }

  private async record(request: FastifyRequest, outcome: AuditOutcome, statusCode: number): Promise<void> {
    const context = this.context();
    // Anonymous failures (no tenant known) are logged by the request logger, not audited:
    // an unauthenticated flood must not turn into database writes.
    if (!context || context.skip || context.tenantId === null || READ_METHODS.has(request.method)) return;
    await this.txHost.tx.insert(AuditEventEntity, {
      at: new Date(),
      tenantId: context.tenantId,
      actor: fit(context.actor),
      action: context.action,
      target: fit(context.target),
      outcome,
      statusCode,
      requestId: request.id,
    });
  }

  private context(): AuditContext | undefined {
    return this.cls.isActive() ? this.cls.get<AuditContext>(AUDIT_CONTEXT) : undefined;
  }
}
