import { SetMetadata } from '@nestjs/common';
import { TRANSACTIONAL } from './tokens';

export interface TransactionalOptions {
  /**
   * The handler may move a limit's counter on its tenant's row, one row every instance writes: this
   * instance's such requests in one tenant take turns (README "Scaling out").
   */
  tenantCounter?: boolean;
}

/**
 * The handler runs in one database transaction joined by every repository, with a compensation
 * scope for external side effects: on any error the rollback, then the undos (newest first).
 */
export const Transactional = (options: TransactionalOptions = {}): MethodDecorator =>
  SetMetadata(TRANSACTIONAL, options);
