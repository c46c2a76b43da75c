import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export class CreateTenantDto {
  /** Short slug chosen by the caller, used in every tenant path (e.g. `genetec`). */
  @Matches(TENANT_ID_PATTERN, {
    message: 'id must be a slug of 1 to 64 lowercase letters, digits and inner dashes',
  })
  id: string;

  /** Display name. */
  @IsString()
  @Length(1, 200)
  name: string;

  /**
   * How many devices may be active at once (Genetec activation). Default 100. Lowered below the
   * devices active now, it refuses activations until deactivations bring the count below it; no
   * active device is deactivated.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  activeDeviceLimit?: number;

  /**
   * How many Mender auth sets may be accepted at once (422 beyond). Unset or null: no limit. Lowered
   * below the sets accepted now, it refuses accepts until rejects, re-submits or deletes bring the
   * count below it; no accepted set is changed.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  acceptedDeviceLimit?: number | null;

  /**
   * Primis mobile licence: how many phones one mobile user may register (400 beyond, the spec's
   * licensing message). Unset or null: no limit. Lowered below what a user has, it refuses new phones
   * until that user deregisters some; no phone is removed.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  mobilePhonesPerUser?: number | null;

  /** Primis mobile licence: how many phones the whole tenant may register. Unset or null: no limit. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  mobilePhonesTotal?: number | null;
}
