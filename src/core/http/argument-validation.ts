import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { inPlaceOf, type RouteHandler } from './around-handler';
import { declaredArguments, PIPED_ARGUMENTS, type RouteSite, type RouteWrapper } from './route-handlers';
import { ShapeAwareValidationPipe } from './validation.pipe';

/** What Nest would hand a global pipe besides PIPED_ARGUMENTS: no route takes them, so none is left unchecked. */
const PIPEABLE = new Set<number>([
  RouteParamtypes.RAW_BODY,
  RouteParamtypes.FILE,
  RouteParamtypes.FILES,
  RouteParamtypes.COOKIES,
  RouteParamtypes.SIGNED_COOKIES,
]);

interface Check {
  index: number;
  metadata: ArgumentMetadata;
}

/** Each controller instance's app's pipe: every app in the process runs the same wrapped handlers. */
const pipes = new WeakMap<object, PipeTransform>();

/**
 * The validation pipe (ShapeAwareValidationPipe) on each route's body, query and path arguments, run by
 * the handler's wrapper instead of by Nest as a global pipe. Nest settles every argument a pipe applies
 * to through a chain of async functions, ~19 of a poll's 80 promises (bench/README, issue 12, eighth
 * pass); here a body the compiled check accepts costs no promise, and a path parameter declared as a
 * string (the router's value already is one) no work. The pipe still decides every argument it did,
 * with the same metadata, after the route's guards and before its handler; an argument's own pipes
 * (`@Param('id', IntIdPipe)`) now run before it, on what the client sent.
 */
export const argumentValidation: RouteWrapper = {
  attach(app: NestFastifyApplication): void {
    const pipe = app.get(ShapeAwareValidationPipe);
    for (const { instance } of app.get(DiscoveryService).getControllers())
      pipes.set(instance as object, pipe);
  },
  wrap(handler: RouteHandler, site: RouteSite): RouteHandler {
    const checks = checksOf(site);
    if (checks.length === 0) return handler;
    return inPlaceOf(handler, (controller, args) => {
      const pipe = pipes.get(controller as object)!;
      let pending: Promise<unknown>[] | undefined;
      for (const { index, metadata } of checks) {
        const checked = pipe.transform(args[index], metadata) as unknown;
        if (checked instanceof Promise)
          (pending ??= []).push(checked.then((value: unknown) => (args[index] = value)));
        else args[index] = checked;
      }
      if (!pending) return handler.apply(controller, args);
      return Promise.all(pending).then(() => handler.apply(controller, args));
    });
  },
};

function checksOf(site: RouteSite): Check[] {
  const checks: Check[] = [];
  for (const { kind, index, data, metatype } of declaredArguments(site)) {
    if (kind === 'custom') continue; // the pipe leaves custom decorators alone
    if (PIPEABLE.has(kind))
      throw new Error(`${site.name}: argument ${index} would go unvalidated (${RouteParamtypes[kind]})`);
    const type = PIPED_ARGUMENTS.get(kind);
    if (type === undefined || (type === 'param' && metatype === String)) continue;
    checks.push({ index, metadata: { type, metatype, data } });
  }
  return checks.sort((a, b) => a.index - b.index);
}
