import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { PlatformErrorCode, PlatformException } from '../http/app.exception';
import { OPERATION_ID } from '../http/operation.decorator';
import { forbiddenReason } from './access-decision';
import { DEVICE_ACCESS, IS_PUBLIC, REQUIRED_ROLES, SKIP_AUDIT } from './authenticated.decorator';
import { parseAuthorization } from './authorization-header';
import { CredentialsVerifier } from './credentials-verifier';
import { PhoneSessions } from './phone-sessions';
import type { Principal } from './principal';
import type { Role } from './role.enum';
import { TokenService } from './token.service';

/** Route parameters that name a tenant; the vendor APIs spell it both ways. */
const TENANT_PARAMS = ['tenantId', 'tenant_id'];

type AuthenticatedRequest = FastifyRequest & { user?: Principal; params: Record<string, string> };

/** What a route declares about its callers, read once per handler. */
interface RouteAccess {
  action: string;
  isPublic: boolean;
  skipAudit: boolean;
  roles: Role[];
  device: 'self' | null;
}

const unauthorized = () => PlatformException.unauthorized('missing or invalid credentials');

/** The principal credentials named, or a 401 without one. */
function admitted(principal: Principal | undefined): Principal {
  if (!principal) throw unauthorized();
  return principal;
}

/**
 * The one global guard (deny by default): Basic or Bearer, picked by the header's scheme, then tenant
 * isolation, then roles (a device principal only where the route admits its device: `device: 'self'`).
 * A tenant in the path that is not the caller's answers 404 as if it did not exist, unless the caller
 * is SYSTEM_ADMIN.
 */
@Injectable()
export class GlobalAuthGuard implements CanActivate {
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    private readonly verifier: CredentialsVerifier,
    private readonly tokens: TokenService,
    private readonly phoneSessions: PhoneSessions,
  ) {}

  canActivate(context: ExecutionContext): true | Promise<true> {
    const route = this.accessOf(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const params = request.params ?? {};
    const pathTenant = TENANT_PARAMS.map((name) => params[name]).find((value) => value !== undefined);
    // The resource acted on defaults to the innermost path parameter; handlers may refine it.
    const target =
      Object.entries(params)
        .filter(([name]) => !TENANT_PARAMS.includes(name))
        .pop()?.[1] ?? null;
    const { action, skipAudit: skip } = route;

    if (route.isPublic) {
      this.audit.begin({ action, tenantId: pathTenant ?? null, actor: null, target, skip });
      return true;
    }

    // Promise chains rather than async functions: every authenticated request runs them, and each
    // async frame and await is a promise more for the request context's hooks (issue 12).
    return this.authenticate(request).then((principal) => {
      request.user = principal;
      // A probe of another tenant is recorded in the caller's own log, not in the probed one.
      this.audit.begin({ action, tenantId: principal.tenantId, actor: principal.email, target, skip });
      if (pathTenant !== undefined) {
        if (!principal.mayActIn(pathTenant)) throw PlatformException.notFound('tenant');
        this.audit.describe({ tenantId: pathTenant });
      }
      const forbidden = forbiddenReason(principal, route.roles, route.device);
      if (forbidden !== null)
        throw new PlatformException(HttpStatus.FORBIDDEN, PlatformErrorCode.FORBIDDEN, forbidden);
      return true;
    });
  }

  /**
   * Wrong or missing credentials are a 401. A database that cannot answer throws on to the filter
   * (503): an outage told as 401 makes clients throw away good credentials.
   */
  private authenticate(request: FastifyRequest): Promise<Principal> {
    const presented = parseAuthorization(request.headers.authorization);
    if (presented?.scheme === 'bearer') return this.bearer(presented.token).then(admitted);
    if (presented?.scheme === 'basic' && presented.username && presented.password) {
      return this.verifier
        .verify(presented.username, presented.password, request.ip)
        .then((result) => admitted(result.ok ? result.principal : undefined));
    }
    return Promise.reject(unauthorized());
  }

  /**
   * An access token's user (or device user) is read again, so a deleted user, changed roles, a new
   * password or a revoked device user take effect at once; a phone-bound token's phone session likewise.
   */
  private async bearer(token: string): Promise<Principal | undefined> {
    const claims = this.tokens.verifyAccess(token);
    if (!claims) return undefined;
    const loaded = await this.verifier.principalById(claims.sub, claims.knd ?? 'user', claims.crd);
    if (loaded?.tenantId !== claims.tid) return undefined;
    if (claims.phn === undefined) return loaded;
    if (typeof claims.phn !== 'string' || typeof claims.sid !== 'string') return undefined;
    // A phone-bound token: only while its phone is registered with this session (checked on every request).
    const principal = loaded.boundTo({ phoneId: claims.phn, sessionId: claims.sid });
    return (await this.phoneSessions.holds(principal)) ? principal : undefined;
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.routes.get(handler);
    if (access) return access;
    const targets = [handler, context.getClass()];
    access = {
      action: this.reflector.get<string | undefined>(OPERATION_ID, handler) ?? handler.name,
      isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
      skipAudit: this.reflector.getAllAndOverride<boolean>(SKIP_AUDIT, targets) ?? false,
      roles: this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [],
      device: this.reflector.getAllAndOverride<'self' | null>(DEVICE_ACCESS, targets) ?? null,
    };
    this.routes.set(handler, access);
    return access;
  }
}
