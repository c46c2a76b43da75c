import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventEntity, AuditOutcome } from '../entities/audit-event.entity';

export class AuditEventResponse {
  id: number;
  at: Date;
  tenantId: string | null;
  /** Email of the caller; for a login, the username it tried. */
  actor: string | null;
  /** operationId of the request. */
  action: string;
  target: string | null;
  @ApiProperty({ enum: ['success', 'failure'], enumName: 'AuditOutcome' })
  outcome: AuditOutcome;
  statusCode: number;
  /** Matches the X-Request-ID response header and the request's log lines. */
  requestId: string;

  static from(event: AuditEventEntity): AuditEventResponse {
    return Object.assign(new AuditEventResponse(), event);
  }
}
