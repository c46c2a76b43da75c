import { copyMethodMetadata } from 'nestjs-cls';
import { currentExchange } from './request-context';

export type RouteHandler = (...args: unknown[]) => unknown;

/**
 * `handler` with `around` run around each call, given the request being served, under the same name
 * and with the same metadata (Nest and Swagger read both from the method). Nest calls it with the
 * controller as `this` and the arguments its pipes made; `proceed` calls the handler with them. No Nest
 * interceptor: those put an rxjs chain on every request of their route.
 */
export function aroundHandler(
  handler: RouteHandler,
  around: (exchange: ReturnType<typeof currentExchange>, proceed: () => unknown) => unknown,
): RouteHandler {
  const wrapped = {
    [handler.name](this: unknown, ...args: unknown[]): unknown {
      return around(currentExchange(), () => handler.apply(this, args));
    },
  }[handler.name];
  copyMethodMetadata(handler, wrapped);
  return wrapped;
}
