import { ApiProperty } from '@nestjs/swagger';
import { DenialReason } from '../access-decision';
import type { AccessDecisionEntity } from '../entities/access-decision.entity';

export class AccessDecisionResponse {
  /** Increasing with time: newest first in the list. */
  id: number;

  decidedAt: Date;

  userId: string;

  email: string;

  /** The phone that asked, when known. */
  phoneId: string | null;

  @ApiProperty({ enum: ['beacon', 'gps'], enumName: 'AccessMethod' })
  method: 'beacon' | 'gps';

  /** The area decided on; null when none was found. */
  zoneId: string | null;

  @ApiProperty({ enum: ['granted', 'denied'], enumName: 'AccessResult' })
  result: 'granted' | 'denied';

  @ApiProperty({
    type: String,
    nullable: true,
    enum: Object.values(DenialReason),
    description: 'Why it was denied; null when granted.',
  })
  reason: string | null;

  /** GPS only: from the phone to the area, in the area's unit. */
  distance: number | null;

  static from(row: AccessDecisionEntity): AccessDecisionResponse {
    const { tenantId, ...rest } = row;
    void tenantId;
    return Object.assign(new AccessDecisionResponse(), rest);
  }
}
