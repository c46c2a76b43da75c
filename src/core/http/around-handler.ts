import { copyMethodMetadata } from 'nestjs-cls';
import { currentExchange } from './request-context';

export type RouteHandler = (...args: unknown[]) => unknown;

/**
 * A function Nest takes for `handler`: the same name and metadata (Nest and Swagger read both from the
 * method), each call going to `call` with the controller Nest gives as `this` and the arguments.
 */
export function inPlaceOf(
  handler: RouteHandler,
  call: (controller: unknown, args: unknown[]) => unknown,
): RouteHandler {
  const replacement = {
    [handler.name](this: unknown, ...args: unknown[]): unknown {
      return call(this, args);
    },
  }[handler.name];
  copyMethodMetadata(handler, replacement);
  return replacement;
}

/**
 * `handler` with `around` run around each call, given the request being served; `proceed` calls the
 * handler with the arguments Nest made. No Nest interceptor: those put an rxjs chain on every request
 * of their route.
 */
export function aroundHandler(
  handler: RouteHandler,
  around: (exchange: ReturnType<typeof currentExchange>, proceed: () => unknown) => unknown,
): RouteHandler {
  return inPlaceOf(handler, (controller, args) =>
    around(currentExchange(), () => handler.apply(controller, args)),
  );
}
