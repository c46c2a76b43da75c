import { type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { PlatformErrorCode, PlatformException } from '../http/app.exception';
import { OPERATION_ID } from '../http/operation.decorator';
import { forbiddenReason } from './access-decision';
import { DEVICE_ACCESS, IS_PUBLIC, REQUIRED_ROLES, SKIP_AUDIT } from './authenticated.decorator';
import type { Principal } from './principal';
import type { Role } from './role.enum';

/** Route parameters that name a tenant; the vendor APIs spell it both ways. */
const TENANT_PARAMS = ['tenantId', 'tenant_id'];

type AuthenticatedRequest = FastifyRequest & { user?: Principal; params: Record<string, string> };

/**
 * The one global guard (deny by default): Bearer or Basic through passport, then tenant isolation,
 * then roles (a device principal only where the route admits its device: `device: 'self'`). A tenant in the path that is not the caller's answers 404 as if it did not
 * exist, unless the caller is SYSTEM_ADMIN.
 */
@Injectable()
export class GlobalAuthGuard extends AuthGuard(['jwt', 'basic']) {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const action =
      this.reflector.get<string | undefined>(OPERATION_ID, context.getHandler()) ?? context.getHandler().name;
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_AUDIT, targets) ?? false;
    const params = request.params ?? {};
    const pathTenant = TENANT_PARAMS.map((name) => params[name]).find((value) => value !== undefined);
    // The resource acted on defaults to the innermost path parameter; handlers may refine it.
    const target =
      Object.entries(params)
        .filter(([name]) => !TENANT_PARAMS.includes(name))
        .pop()?.[1] ?? null;

    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      this.audit.begin({ action, tenantId: pathTenant ?? null, actor: null, target, skip });
      return true;
    }

    await super.canActivate(context);
    const principal = request.user as Principal;
    // A probe of another tenant is recorded in the caller's own log, not in the probed one.
    this.audit.begin({ action, tenantId: principal.tenantId, actor: principal.email, target, skip });
    if (pathTenant !== undefined) {
      if (!principal.mayActIn(pathTenant)) throw PlatformException.notFound('tenant');
      this.audit.describe({ tenantId: pathTenant });
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];
    const device = this.reflector.getAllAndOverride<'self' | null>(DEVICE_ACCESS, targets);
    const forbidden = forbiddenReason(principal, roles, device);
    if (forbidden !== null)
      throw new PlatformException(HttpStatus.FORBIDDEN, PlatformErrorCode.FORBIDDEN, forbidden);
    return true;
  }

  /**
   * Passport hands over an error only when a strategy could not decide (the user could not be read:
   * the database is down); wrong or missing credentials arrive as no user. Only those are a 401: an
   * outage told as 401 makes clients throw away good credentials. The error goes on to the filter.
   */
  override handleRequest<T = Principal>(error: unknown, user: T | false): T {
    if (error) throw error as Error;
    if (!user) throw PlatformException.unauthorized('missing or invalid credentials');
    return user;
  }
}
