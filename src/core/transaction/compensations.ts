import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { CompensationScope, RegisteredUndo, UndoOptions } from './compensation-scope';
import { COMPENSATION_SCOPE } from './tokens';
import type { UndoPayload } from './undo-handlers';

/**
 * What adapters inject: `acquire(keys)` before the request's own writes, then `register(kind,
 * payload, { key })` before each change of an external system. Only valid inside a
 * `@Transactional()` handler, where a failure anywhere runs the undo.
 */
@Injectable()
export class Compensations {
  constructor(private readonly cls: ClsService) {}

  /** Orders this request's work on these external keys after every earlier one (see CompensationScope.acquire). */
  acquire(keys: string[]): Promise<void> {
    return this.scope('keys locked').acquire(keys);
  }

  register(kind: string, payload: UndoPayload, options?: UndoOptions): Promise<RegisteredUndo> {
    return this.scope(`undo "${kind}" registered`).register(kind, payload, options);
  }

  private scope(what: string): CompensationScope {
    const scope = this.cls.isActive()
      ? this.cls.get<CompensationScope | undefined>(COMPENSATION_SCOPE)
      : undefined;
    if (!scope) throw new Error(`${what} outside a @Transactional() handler`);
    return scope;
  }
}
