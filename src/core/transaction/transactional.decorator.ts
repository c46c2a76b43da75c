import { SetMetadata } from '@nestjs/common';
import { TRANSACTIONAL } from './tokens';

/**
 * The handler runs in one database transaction joined by every repository, with a compensation
 * scope for external side effects: on any error the undos run (newest first), then the rollback.
 */
export const Transactional = (): MethodDecorator => SetMetadata(TRANSACTIONAL, true);
