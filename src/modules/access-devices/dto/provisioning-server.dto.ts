import { IsInt, IsOptional, IsString, IsUrl, Length, Max, Min } from 'class-validator';
import { OUTBOUND_URL, OUTBOUND_URL_MESSAGE } from '../../../core/outbound/outbound-url';

/** A provisioning server's name, as phone types refer to it: a-z, 0-9, _ and -, at most 64. */
export const SERVER_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A redirect (named `redirect`) or phone vendor provisioning server of the tenant. */
export class ProvisioningServer {
  /**
   * Base URL; the contract's paths (`/devices/{mac}`) are appended. Link-local and cloud metadata
   * addresses are refused; loopback and private ones unless PROVISIONING_ALLOWED_NETWORKS names them
   * (checked here, and on the resolved address of every call). @example https://redirect.example.com/api
   */
  @IsUrl(OUTBOUND_URL, OUTBOUND_URL_MESSAGE)
  @Length(1, 2048)
  baseUrl: string;

  /** Basic credentials sent to the server; none when absent. */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  userName?: string;

  /** Write-only: stored encrypted, never returned. */
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  password?: string;

  /** How long one call may take before it counts as failed. @example 5000 */
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(60_000)
  timeoutMs?: number;

  /**
   * Most calls per second from one instance of this service. A call whose turn is more than 10 s away
   * fails at once as the server not answering (code 32 or 34). @example 20
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  requestsPerSecond?: number;
}

export class ProvisioningServerResponse {
  /** `redirect`, or a vendor server name phone types refer to. */
  name: string;
  baseUrl: string;
  userName: string | null;
  /** Whether a password is stored (it is never returned). */
  hasPassword: boolean;
  timeoutMs: number;
  requestsPerSecond: number;
}

export class ProvisioningServerList {
  provisioning_servers: ProvisioningServerResponse[];
}
