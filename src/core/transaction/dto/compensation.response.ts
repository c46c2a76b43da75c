import { ApiProperty } from '@nestjs/swagger';
import type { CompensationEntity, CompensationStatus } from '../journal/compensation.entity';

export class CompensationResponse {
  id: number;
  /** The request whose external change this undoes. */
  requestId: string;
  tenantId: string | null;
  /** Which undo, e.g. `access-devices.redirect.delete`. */
  kind: string;
  @ApiProperty({ enum: ['armed', 'committing', 'pending', 'done'], enumName: 'CompensationStatus' })
  status: CompensationStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;

  /** The payload and key stay internal: the undo's input, possibly identifiers of remote systems. */
  static from(row: CompensationEntity): CompensationResponse {
    const { scopeId: _scope, payload: _payload, lockedUntil: _lease, key: _key, ...shown } = row;
    return Object.assign(new CompensationResponse(), shown);
  }
}
