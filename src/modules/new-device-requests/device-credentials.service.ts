import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../config/app-config';
import { retryOnDeadlock } from '../../core/database/deadlock-retry';
import type { Principal } from '../../core/auth/principal';
import { DeviceUsersService, deviceUsername } from '../../core/device-users/device-users.service';
import { MANAGEMENT_TENANT } from '../../core/tenancy/tenants.service';
import { CumulocityException } from './cumulocity.exception';
import type { DeviceCredentialsRequest } from './dto/device-credentials-request.dto';
import type { DeviceCredentials } from './dto/device-credentials.response';
import { NewDeviceRequestStatus, tokenChecked } from './new-device-request-status';
import { DEVICECONTROL } from './new-device-request.representation';
import {
  DEFAULT_SECURITY_TOKEN_MODE,
  NewDeviceRequestsRepository,
  type PollRow,
} from './new-device-requests.repository';
import { RegistrationEvents } from './registration-events';
import { tokenMatches } from './security-token';

const notYet = (deviceId: string) =>
  CumulocityException.notFound(
    `No credentials for device '${deviceId}': not registered, or not yet accepted`,
  );

/**
 * The bootstrap poll. Unknown ids cost one indexed query; polls that get no credentials are counted on
 * the request's row (brute-force rule), each count its own statement so the 404 does not roll it back;
 * an accepted request hands out its credentials exactly once, in a transaction of its own.
 */
@Injectable()
export class DeviceCredentialsService {
  constructor(
    private readonly requests: NewDeviceRequestsRepository,
    private readonly deviceUsers: DeviceUsersService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly registrationEvents: RegistrationEvents,
  ) {}

  async poll(
    principal: Principal,
    dto: DeviceCredentialsRequest,
    origin: string,
  ): Promise<DeviceCredentials> {
    const rows = (await this.requests.findForPoll(dto.id)).filter(
      (row) => row.credentials_issued_at === null,
    );
    const request = this.scope(principal, dto.id, rows);
    const now = new Date();
    if (!request) {
      // Only other tenants' requests are left: a poll from the wrong tenant counts against them.
      for (const other of rows) await this.countPoll(other, now, false, origin);
      throw notYet(dto.id);
    }
    const mode = request.security_token_mode ?? DEFAULT_SECURITY_TOKEN_MODE;
    const tokenRefused =
      tokenChecked(mode, request.security_token_hash !== null) &&
      !tokenMatches(request.security_token_hash, dto.securityToken);
    if (request.status !== NewDeviceRequestStatus.ACCEPTED || tokenRefused) {
      await this.countPoll(request, now, !tokenRefused, origin);
      throw notYet(dto.id);
    }
    // Claimed and issued together: a failed issue leaves the request claimable again.
    // A device user's upsert can deadlock with a concurrent import of the same ids on MySQL: retried whole.
    const password = await retryOnDeadlock(() =>
      this.txHost.withTransaction(async () => {
        if (!(await this.requests.claimCredentials(request.seq, now))) return null;
        await this.registrationEvents.publishIssued(request.tenant_id, request.device_id, origin);
        return this.deviceUsers.issue(request.tenant_id, request.device_id);
      }),
    );
    if (password === null) throw notYet(dto.id); // a concurrent poll got them
    return {
      id: request.device_id,
      tenantId: request.tenant_id,
      username: deviceUsername(request.device_id),
      password,
      self: `${origin}${DEVICECONTROL}/deviceCredentials/${encodeURIComponent(request.device_id)}`,
    };
  }

  /**
   * Which request this poller may see: the management tenant's bootstrap user any tenant's (an id
   * waiting in two tenants is ambiguous: 409), a tenant's bootstrap user its own tenant's only.
   */
  private scope(principal: Principal, deviceId: string, rows: PollRow[]): PollRow | undefined {
    if (principal.tenantId !== MANAGEMENT_TENANT)
      return rows.find((row) => row.tenant_id === principal.tenantId);
    if (rows.length > 1)
      throw CumulocityException.duplicate(
        `Device '${deviceId}' is registered in ${rows.length} tenants: poll with a bootstrap user of its tenant`,
      );
    return rows[0];
  }

  /** Counted in a transaction of its own with the event of the status it moved the request to (pending, blocked). */
  private countPoll(row: PollRow, now: Date, advance: boolean, origin: string): Promise<void> {
    const { max, windowMs } = this.config.newDeviceRequestPolls;
    return this.txHost.withTransaction(async () => {
      await this.requests.countPoll(row.seq, now, windowMs, max, advance);
      await this.registrationEvents.publishChange(row.tenant_id, row.device_id, row.status, origin);
    });
  }
}
