import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';

export class AutomaticIdRules {
  /** Rule for a deviceName the POST omits; none makes deviceName mandatory. @example {{group_id}}_{{RND_4}} */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  GROUP_DEVICE_NAME_RULE?: string | null;

  /** Fallback rule, used only when the generated name exceeds DEVICE_NAME_MAX_LENGTH. @example DP_{{RND_36}} */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  GENERIC_DEVICE_NAME_RULE?: string | null;
}

export class DevicePasswordRules {
  @IsInt() @Min(0) @Max(32) PASSWORD_MIN_SPECIAL_CHARACTERS: number;
  @IsInt() @Min(0) @Max(32) PASSWORD_MIN_UPPERCASE_LETTERS: number;
  @IsInt() @Min(0) @Max(32) PASSWORD_MIN_LOWERCASE_LETTERS: number;
  @IsInt() @Min(0) @Max(32) PASSWORD_MIN_DIGITS: number;
  @IsInt() @Min(1) @Max(128) PASSWORD_MIN_LENGTH: number;
}

export class MinimumPasswordRules {
  @ValidateNested()
  @Type(() => DevicePasswordRules)
  DEVICE: DevicePasswordRules;
}

/**
 * A tenant's APIO settings, under APIO's own names. Rules may use `{{tenant_id}}`, `{{group_id}}` and
 * `{{RND_n}}` (n random letters and digits, 1..64). Omitted settings take their defaults.
 */
export class AccessDeviceSettings {
  @IsOptional()
  @ValidateNested()
  @Type(() => AutomaticIdRules)
  AUTOMATIC_ID_RULES?: AutomaticIdRules;

  /** Longest deviceName; 0: no check (the column still holds at most 255). @example 40 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(255)
  DEVICE_NAME_MAX_LENGTH?: number;

  /** true: hidden passwords follow MINIMUM_PASSWORD_RULES.DEVICE; false: the legacy 16 letters and digits. */
  @IsOptional()
  @IsBoolean()
  NEW_PASSWORD_RESET_GEN?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => MinimumPasswordRules)
  MINIMUM_PASSWORD_RULES?: MinimumPasswordRules;

  /** Random letters and digits before the user part of the device name in a hidden user name. @example 8 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(8)
  DEVICE_CREDENTIAL_PREFIX_LEN?: number;
}
