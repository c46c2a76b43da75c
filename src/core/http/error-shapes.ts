import { Injectable } from '@nestjs/common';
import { type ErrorShape, problemJsonShape } from './error-shape';

/**
 * Modules register their API's error shape here at start-up; the exception filter picks the first
 * one whose matcher claims the request path, and falls back to problem+json.
 */
@Injectable()
export class ErrorShapes {
  private readonly shapes: ErrorShape[] = [];

  register(shape: ErrorShape): void {
    this.shapes.push(shape);
  }

  forPath(path: string): ErrorShape {
    return this.shapes.find((shape) => shape.matches(path)) ?? problemJsonShape;
  }
}
