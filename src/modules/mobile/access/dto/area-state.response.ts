import { ApiProperty } from '@nestjs/swagger';
import { ZONE_STATE_CODES, type ZoneState } from '../zone-state';

export class AreaStateResponse {
  zoneId: string;

  @ApiProperty({ enum: ZONE_STATE_CODES, enumName: 'ZoneStateCode', description: 'The stored state.' })
  state: ZoneState;

  @ApiProperty({
    enum: ['normal', 'open', 'secure', 'LOCKDOWN', 'unlocked'],
    enumName: 'EffectiveZoneState',
    description: 'The name of the state in force, or `unlocked` while a momentary unlock runs.',
  })
  effectiveState: string;

  @ApiProperty({
    enum: ZONE_STATE_CODES,
    enumName: 'ZoneStateCode',
    description: 'The state in force: the stored one, or what the schedules make of the normal state.',
  })
  effectiveStateCode: ZoneState;

  /** True when the door is to be open now: state open, or a momentary unlock running. */
  open: boolean;

  /** When the running momentary unlock ends; null when none runs. */
  unlockedUntil: Date | null;

  /** The time this answer holds for (the server's clock). */
  evaluatedAt: Date;
}
