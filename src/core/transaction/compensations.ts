import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { CompensationScope, RegisteredUndo } from './compensation-scope';
import { COMPENSATION_SCOPE } from './tokens';
import type { UndoPayload } from './undo-handlers';

/**
 * What adapters inject: `register(kind, payload)` before changing an external system. Only valid
 * inside a `@Transactional()` handler, where a failure anywhere runs the undo.
 */
@Injectable()
export class Compensations {
  constructor(private readonly cls: ClsService) {}

  register(kind: string, payload: UndoPayload): Promise<RegisteredUndo> {
    const scope = this.cls.isActive()
      ? this.cls.get<CompensationScope | undefined>(COMPENSATION_SCOPE)
      : undefined;
    if (!scope) throw new Error(`undo "${kind}" registered outside a @Transactional() handler`);
    return scope.register(kind, payload);
  }
}
