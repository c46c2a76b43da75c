import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type ErrorShape, problemJsonShape } from './error-shape';

/**
 * Modules register their API's error shape here at start-up. A request's is the first one whose
 * matcher claims its route (or, with no route, its path), problem+json otherwise: resolved once as the
 * request comes in (the request context keeps it for the validation pipe), and by the exception filter.
 */
@Injectable()
export class ErrorShapes {
  private readonly shapes: ErrorShape[] = [];
  /** Each route's, by its path template (the shapes match by path prefix, which a template has). */
  private readonly byRoute = new Map<string, ErrorShape>();

  register(shape: ErrorShape): void {
    this.shapes.push(shape);
  }

  forPath(path: string): ErrorShape {
    return this.shapes.find((shape) => shape.matches(path)) ?? problemJsonShape;
  }

  /**
   * The API a request belongs to: its route's, or its path's when no route matched (the 404, a router
   * error). `route` is the request's route template, for a caller that has read it already.
   */
  forRequest(request: FastifyRequest, route = request.routeOptions.url): ErrorShape {
    if (route === undefined) return this.forPath(request.url.split('?')[0]);
    let shape = this.byRoute.get(route);
    if (!shape) this.byRoute.set(route, (shape = this.forPath(route)));
    return shape;
  }
}
