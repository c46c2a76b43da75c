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

  static from(row: CompensationEntity): CompensationResponse {
    const {
      id,
      requestId,
      tenantId,
      kind,
      status,
      attempts,
      lastError,
      nextAttemptAt,
      createdAt,
      updatedAt,
    } = row;
    return Object.assign(new CompensationResponse(), {
      id,
      requestId,
      tenantId,
      kind,
      status,
      attempts,
      lastError,
      nextAttemptAt,
      createdAt,
      updatedAt,
    });
  }
}
