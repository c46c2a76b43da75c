import { IsObject } from 'class-validator';

export class SetConfigurationDto {
  /** The configuration the device should run; offered at its next negotiation. @example {"some": "configuration"} */
  @IsObject()
  Configuration: Record<string, unknown>;
}
