import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from './role.enum';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const SKIP_AUDIT = 'audit:skip';

export interface AuthenticatedOptions {
  /** Any one of these suffices (SYSTEM_ADMIN always does; TENANT_ADMIN holds every tenant role). */
  roles?: Role[];
}

/**
 * The one way a route declares who may call it: roles for the guard and security for OpenAPI.
 * Both Basic and Bearer are accepted everywhere.
 */
export function Authenticated(options: AuthenticatedOptions = {}): MethodDecorator & ClassDecorator {
  const roles = options.roles ?? [];
  const who = roles.length > 0 ? `Requires one of: ${roles.join(', ')}.` : 'Any authenticated user.';
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiBasicAuth('basic'),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid credentials.' }),
    ...(roles.length > 0 ? [ApiForbiddenResponse({ description: `Caller lacks the role. ${who}` })] : []),
  );
}

/** Opts a route out of authentication (deny is the default). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** For high-frequency device polling: the route writes no audit event (say why where it is used). */
export const SkipAudit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_AUDIT, true);
