import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBasicAuth,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Role } from './role.enum';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const DEVICE_ACCESS = 'auth:device';
export const SKIP_AUDIT = 'audit:skip';

export interface AuthenticatedOptions {
  /** Any one of these suffices (SYSTEM_ADMIN always does; TENANT_ADMIN holds every tenant role). */
  roles?: Role[];
  /**
   * `'self'`: a device principal may call this route too (it has no roles; the handler checks that
   * the resource is its own device). Without it a device principal gets 403.
   */
  device?: 'self';
}

/**
 * The one way a route declares who may call it: roles for the guard and security for OpenAPI.
 * Both Basic and Bearer are accepted everywhere. On a controller it covers every route that does not
 * declare its own access; a route's own `@Authenticated` or `@Public` replaces it, in the guard and
 * in the document alike.
 */
export function Authenticated(options: AuthenticatedOptions = {}): MethodDecorator & ClassDecorator {
  const roles = options.roles ?? [];
  const device = SetMetadata(DEVICE_ACCESS, options.device ?? null);
  // Swagger's decorators keep state of their own: a fresh one for each operation.
  const document = () => documentAccess(roles, options.device);
  const declare = applyDecorators(SetMetadata(REQUIRED_ROLES, roles), device, document());
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key === undefined || descriptor === undefined) {
      device(target as ControllerClass);
      return documentRoutesOf(target as ControllerClass, roles, document);
    }
    declare(target, key, descriptor);
  };
}

type ControllerClass = abstract new (...args: never[]) => unknown;

/** Security and the 401/403 answers, written on one operation. */
function documentAccess(roles: readonly Role[], device?: 'self') {
  const ownDevice = device === 'self' ? ' A device user reaches only its own device.' : '';
  const forbidden = `Caller lacks the role. Requires one of: ${roles.join(', ')}.${ownDevice}`;
  return applyDecorators(
    ApiBasicAuth('basic'),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid credentials.' }),
    ApiTooManyRequestsResponse({
      description: 'Basic: too many password attempts for this login from this address; see Retry-After.',
    }),
    ...(roles.length > 0 ? [ApiForbiddenResponse({ description: forbidden })] : []),
  );
}

/**
 * Swagger adds a controller's security to every operation's own instead of letting the operation's
 * replace it (a route with its own `@Authenticated` was listed with both, and with the controller's 403).
 * So the controller's roles go to the guard on the class, and to the document on each route that
 * declares nothing itself. Method decorators run before class decorators: a route's own is already there.
 */
function documentRoutesOf(
  controller: ControllerClass,
  roles: readonly Role[],
  document: () => ReturnType<typeof documentAccess>,
): void {
  SetMetadata(REQUIRED_ROLES, roles)(controller);
  const prototype = controller.prototype as object;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const handler: unknown = descriptor?.value;
    if (name === 'constructor' || typeof handler !== 'function') continue;
    if (Reflect.hasMetadata(REQUIRED_ROLES, handler) || Reflect.hasMetadata(IS_PUBLIC, handler)) continue;
    document()(prototype, name, descriptor); // its own responses: the document writes into them
  }
}

/** Opts a route out of authentication (deny is the default). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** For high-frequency device polling: the route writes no audit event (say why where it is used). */
export const SkipAudit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_AUDIT, true);
