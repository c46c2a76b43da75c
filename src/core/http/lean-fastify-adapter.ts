import { VersioningType } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/** Where the instance's own addHook waits while Nest's constructor runs. */
const OWN_ADD_HOOK = Symbol('own-add-hook');
type Silenced = FastifyInstance & { [OWN_ADD_HOOK]?: FastifyInstance['addHook'] };

const refused = (feature: string): Error =>
  new Error(
    `${feature} is not served: LeanFastifyAdapter leaves out the request hooks Nest's Fastify adapter adds for it`,
  );

/**
 * Nest's Fastify adapter without the request hooks its constructor adds for features this service does
 * not use (CORS, CSRF and security headers, custom versioning, a 503 while closing, Nest's own lifecycle
 * hooks, and the request-target check, which the app's own hook makes: registerRequestContext), nor
 * middie's (Nest middleware): each request ran through those eight hooks, each doing nothing, 3-13 % of a
 * liveness request's CPU (bench/README, issue 12, tenth pass). Turning one of the features on throws at
 * start-up instead of silently doing nothing.
 */
export class LeanFastifyAdapter extends FastifyAdapter {
  constructor(options: FastifyServerOptions) {
    super({ ...options, skipMiddie: true });
    const instance = this.getInstance<Silenced>();
    instance.addHook = instance[OWN_ADD_HOOK]!;
    delete instance[OWN_ADD_HOOK];
  }

  /** Called by Nest's constructor before it adds its hooks: until it returns, request hooks are dropped. */
  override setInstance<T>(instance: T): void {
    const silenced = instance as Silenced;
    // Unbound: plugins' instances inherit it and call it as their own.
    const own: FastifyInstance['addHook'] = Reflect.get(silenced, 'addHook');
    silenced[OWN_ADD_HOOK] = own;
    const dropRequestHooks = function (this: FastifyInstance, name: string, hook: unknown): FastifyInstance {
      if (name === 'onRequest' || name === 'onResponse') return this;
      return Reflect.apply(own, this, [name, hook]) as FastifyInstance;
    };
    silenced.addHook = dropRequestHooks;
    super.setInstance(instance);
  }

  override enableCors(): void {
    throw refused('CORS');
  }

  override registerSecurityHook(): void {
    throw refused('CSRF protection or security headers');
  }

  /** Only a custom extractor's errors went through a left-out hook; URI, header and media type versions do not. */
  override applyVersionFilter(
    ...[handler, version, options]: Parameters<FastifyAdapter['applyVersionFilter']>
  ): ReturnType<FastifyAdapter['applyVersionFilter']> {
    if (options.type === VersioningType.CUSTOM) throw refused('Custom versioning');
    return super.applyVersionFilter(handler, version, options);
  }

  override setOnRequestHook(): void {
    throw refused("Nest's onRequest hook");
  }

  override setOnResponseHook(): void {
    throw refused("Nest's onResponse hook");
  }

  override createMiddlewareFactory(): never {
    throw refused('Nest middleware');
  }

  override use(): never {
    throw refused('Nest middleware');
  }

  override initHttpServer(options: Parameters<FastifyAdapter['initHttpServer']>[0] = {}): void {
    if (options.return503OnClosing) throw refused('return503OnClosing');
    super.initHttpServer(options);
  }
}
