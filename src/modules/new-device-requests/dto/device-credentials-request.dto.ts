import { IsOptional, IsString, Length } from 'class-validator';

/** A device's bootstrap poll for its credentials. */
export class DeviceCredentialsRequest {
  /** Device identifier the request was registered with. */
  @IsString()
  @Length(1, 1000)
  id: string;

  /** The request's securityToken, when the tenant's mode checks it. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  securityToken?: string;
}
