import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SecretBox } from '../../core/crypto/secret-box';
import { OutboundAddressPolicy } from '../../core/outbound/address-policy';
import { AccessDevicesException } from './access-devices.exception';
import { HttpProvisioningClient } from './adapters/http-provisioning.client';
import { LocalProvisioningClient } from './adapters/local-provisioning.client';
import type { ProvisioningClient } from './adapters/provisioning-client';
import { RateLimiter } from './adapters/rate-limiter';
import { ApioErrorCode } from './apio-error-codes';
import type { ProvisioningServer, ProvisioningServerResponse } from './dto/provisioning-server.dto';
import { ProvisioningServerEntity } from './entities/provisioning-server.entity';

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_REQUESTS_PER_SECOND = 20;
export const REDIRECT_SERVER = 'redirect';

/** The tenant's provisioning servers, and the client that talks to one (the built-in one when unconfigured). */
@Injectable()
export class ProvisioningServersService {
  /** One limiter per server and rate, shared by the requests of this instance. */
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly secrets: SecretBox,
    private readonly addresses: OutboundAddressPolicy,
  ) {}

  /** Works inside a request's transaction and outside any (the reconciler's undos). */
  async client(tenantId: string, name: string): Promise<ProvisioningClient> {
    const server = await this.txHost.tx.findOneBy(ProvisioningServerEntity, { tenantId, name });
    if (!server) return new LocalProvisioningClient(this.txHost.tx, tenantId, name);
    const password = server.passwordSealed && this.secrets.open(server.passwordSealed, context(server));
    const limiterKey = `${tenantId}/${name}/${server.requestsPerSecond}`;
    let limiter = this.limiters.get(limiterKey);
    if (!limiter) this.limiters.set(limiterKey, (limiter = new RateLimiter(server.requestsPerSecond)));
    return new HttpProvisioningClient({ ...server, password }, limiter, this.addresses);
  }

  async list(tenantId: string): Promise<ProvisioningServerResponse[]> {
    const rows = await this.txHost.tx.find(ProvisioningServerEntity, {
      where: { tenantId },
      order: { name: 'ASC' },
    });
    return rows.map(describe);
  }

  async get(tenantId: string, name: string): Promise<ProvisioningServerResponse> {
    const row = await this.txHost.tx.findOneBy(ProvisioningServerEntity, { tenantId, name });
    if (!row) throw AccessDevicesException.notFound(`provisioning server ${name}`);
    return describe(row);
  }

  /** Creates or replaces; the password is sealed, and a replacement without one keeps none. */
  async put(tenantId: string, name: string, dto: ProvisioningServer): Promise<ProvisioningServerResponse> {
    const refused = await this.addresses.refusalOfUrl(dto.baseUrl);
    if (refused)
      throw AccessDevicesException.invalid(ApioErrorCode.INVALID_INPUT, `baseUrl: ${refused}`, {
        baseUrl: refused,
      });
    const row = Object.assign(new ProvisioningServerEntity(), {
      tenantId,
      name,
      baseUrl: dto.baseUrl,
      userName: dto.userName ?? null,
      timeoutMs: dto.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      requestsPerSecond: dto.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    });
    row.passwordSealed = dto.password === undefined ? null : this.secrets.seal(dto.password, context(row));
    await this.txHost.tx.save(row);
    return describe(row);
  }

  async delete(tenantId: string, name: string): Promise<void> {
    const { affected } = await this.txHost.tx.delete(ProvisioningServerEntity, { tenantId, name });
    if (!affected) throw AccessDevicesException.notFound(`provisioning server ${name}`);
  }
}

const context = (server: { tenantId: string; name: string }) =>
  `provisioning-server/${server.tenantId}/${server.name}`;

function describe(row: ProvisioningServerEntity): ProvisioningServerResponse {
  return {
    name: row.name,
    baseUrl: row.baseUrl,
    userName: row.userName,
    hasPassword: row.passwordSealed !== null,
    timeoutMs: row.timeoutMs,
    requestsPerSecond: row.requestsPerSecond,
  };
}
