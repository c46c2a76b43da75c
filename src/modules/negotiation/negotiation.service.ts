import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../../core/audit/audit.service';
import { sha256 } from '../../core/crypto/sha256';
import { retryOnDeadlock } from '../../core/database/deadlock-retry';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { Events } from '../../core/webhooks/events';
import { deviceIdFor } from '../devices/device-id';
import { DeviceCredentialsService } from '../devices/device-credentials.service';
import { DevicesService } from '../devices/devices.service';
import { canonicalJson } from './canonical-json';
import { ConfigurationTransactionsRepository } from './configuration-transactions.repository';
import { DeviceConfigurationsRepository } from './device-configurations.repository';
import type { CommitTransactionDto } from './dto/commit-transaction.dto';
import type { NegotiateDto } from './dto/negotiate.dto';
import {
  type DeviceConfigurationResponse,
  type NegotiationResponse,
  TransactionResponse,
} from './dto/negotiation.response';
import type { RejectTransactionDto } from './dto/reject-transaction.dto';
import { ConfigurationTransactionEntity } from './entities/configuration-transaction.entity';
import { DeviceConfigurationEntity } from './entities/device-configuration.entity';
import { NegotiationErrorCode, NegotiationException } from './negotiation.exception';

const HISTORY = 50;

/** Answer of a negotiation: a transaction to commit or reject, or nothing to change (304). */
export type NegotiationOutcome = NegotiationResponse | 'not-modified';

@Injectable()
export class NegotiationService {
  constructor(
    private readonly configurations: DeviceConfigurationsRepository,
    private readonly transactions: ConfigurationTransactionsRepository,
    private readonly devices: DevicesService,
    private readonly credentials: DeviceCredentialsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly events: Events,
  ) {}

  /**
   * A device reports what it runs. Same as desired, and no credential waiting: 304 after two indexed
   * statements. Otherwise (or on first contact) one transaction offers the desired configuration.
   * A Credential that is already the current one is no change (a device may report it on every poll):
   * one more read, and the 304 still. A promise chain, not an async function: a fleet's polls come here
   * (issue 12).
   */
  negotiate(tenantId: string, dto: NegotiateDto): Promise<NegotiationOutcome> {
    const capabilities = this.document(dto.Capabilities ?? {}, 'Capabilities');
    const deviceId = deviceIdFor(dto.DeviceId);
    // Stored at once and on its own, whatever happens next, a Configuration refused as too large
    // included (a known device: one UPDATE).
    const stored = this.configurations.storeCapabilities(tenantId, deviceId, capabilities);
    let reported: string;
    try {
      reported = this.document(dto.Configuration, 'Configuration');
    } catch (error) {
      return stored.then(() => Promise.reject(error as Error));
    }
    const reportedHash = sha256(reported);
    return stored.then((state) => {
      const unchanged = state?.desiredHash === reportedHash && !state.pendingCredentialTransaction;
      if (unchanged && !dto.Credential) return 'not-modified';
      return this.newCredential(tenantId, deviceId, dto).then((credential) =>
        unchanged && credential === undefined
          ? 'not-modified'
          : retryOnDeadlock(() =>
              this.txHost.withTransaction(() =>
                this.offer(tenantId, deviceId, dto, credential, reported, reportedHash, capabilities),
              ),
            ),
      );
    });
  }

  /** The credential the negotiation offers: the one sent, unless it is already current. */
  private async newCredential(
    tenantId: string,
    deviceId: string,
    dto: NegotiateDto,
  ): Promise<string | undefined> {
    const value = dto.Credential?.DeviceCredential;
    if (value === undefined || (await this.credentials.isCurrent(tenantId, deviceId, value)))
      return undefined;
    return value;
  }

  async commit(tenantId: string, dto: CommitTransactionDto): Promise<TransactionResponse> {
    const deviceId = deviceIdFor(dto.DeviceId);
    // Lock order everywhere: the device's configuration row, then its transactions.
    const configuration = await this.configurations.findForUpdate(tenantId, deviceId);
    const transaction = await this.close(tenantId, deviceId, dto.TransactionId, 'committed');
    await this.configurations.update(tenantId, deviceId, {
      applied: transaction.configuration,
      pendingCredentialTransaction: this.stillPending(configuration, transaction.id),
    });
    if (transaction.carriesCredential) await this.credentials.promote(tenantId, deviceId, transaction.id);
    return this.published(WebhookEventType.GENETEC_NEGOTIATION_COMMITTED, tenantId, deviceId, transaction);
  }

  async reject(tenantId: string, dto: RejectTransactionDto): Promise<TransactionResponse> {
    const reason = { reasonCode: dto.ReasonCode, reasonMessage: dto.ReasonMessage };
    const deviceId = deviceIdFor(dto.DeviceId);
    const configuration = await this.configurations.findForUpdate(tenantId, deviceId);
    const transaction = await this.close(tenantId, deviceId, dto.TransactionId, 'rejected', reason);
    await this.configurations.update(tenantId, deviceId, {
      pendingCredentialTransaction: this.stillPending(configuration, transaction.id),
    });
    if (transaction.carriesCredential) await this.credentials.discard(tenantId, deviceId, transaction.id);
    return this.published(WebhookEventType.GENETEC_NEGOTIATION_REJECTED, tenantId, deviceId, transaction);
  }

  /** The closed transaction, its event written in the same database transaction. */
  private async published(
    type: WebhookEventType,
    tenantId: string,
    deviceId: string,
    transaction: ConfigurationTransactionEntity,
  ): Promise<TransactionResponse> {
    const response = TransactionResponse.from(transaction);
    await this.events.publish(type, tenantId, deviceId, { DeviceId: deviceId, ...response });
    return response;
  }

  /** Operators set what a device should run; it is offered at the device's next negotiation. */
  async setDesired(
    tenantId: string,
    deviceId: string,
    desired: Record<string, unknown>,
  ): Promise<DeviceConfigurationResponse> {
    await this.devices.get(tenantId, deviceId);
    const text = this.document(desired, 'Configuration');
    await this.configurations.upsertForUpdate(this.newConfiguration(tenantId, deviceId, text, '{}'), [
      'desired',
      'desired_hash',
      'updated_at',
    ]);
    return this.state(tenantId, deviceId);
  }

  async state(tenantId: string, deviceId: string): Promise<DeviceConfigurationResponse> {
    await this.devices.get(tenantId, deviceId);
    const configuration = await this.configurations.find(tenantId, deviceId);
    const transactions = await this.transactions.latest(tenantId, deviceId, HISTORY);
    const parse = (text: string | null | undefined) =>
      text ? (JSON.parse(text) as Record<string, unknown>) : null;
    const now = new Date();
    return {
      DeviceId: deviceId,
      Desired: parse(configuration?.desired),
      Applied: parse(configuration?.applied),
      Capabilities: parse(configuration?.capabilities),
      CredentialPending: Boolean(configuration?.pendingCredentialTransaction),
      Transactions: transactions.map((transaction) => TransactionResponse.from(transaction, now)),
    };
  }

  private async offer(
    tenantId: string,
    deviceId: string,
    dto: NegotiateDto,
    credential: string | undefined,
    reported: string,
    reportedHash: string,
    capabilities: string,
  ): Promise<NegotiationOutcome> {
    await this.devices.register(tenantId, dto.DeviceId, dto.DeviceType);
    // On first contact the device's own configuration becomes the desired one (capabilities were
    // stored before the transaction, for a known device).
    const configuration = await this.configurations.upsertForUpdate(
      this.newConfiguration(tenantId, deviceId, reported, capabilities),
    );
    const carried = configuration.pendingCredentialTransaction;
    if (credential === undefined && !carried && configuration.desiredHash === reportedHash)
      return 'not-modified';

    await this.transactions.supersedeOpen(tenantId, deviceId);
    const now = new Date();
    const transaction = Object.assign(new ConfigurationTransactionEntity(), {
      id: randomUUID(),
      tenantId,
      deviceId,
      configuration: configuration.desired,
      carriesCredential: Boolean(credential ?? carried),
      status: 'open',
      reasonCode: null,
      reasonMessage: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.negotiationTtlSeconds * 1000),
      closedAt: null,
    });
    await this.transactions.insert(transaction);
    if (credential !== undefined)
      await this.credentials.offer(tenantId, deviceId, transaction.id, credential);
    else if (carried) await this.credentials.carryOver(tenantId, deviceId, carried, transaction.id);
    await this.configurations.update(tenantId, deviceId, {
      pendingCredentialTransaction: transaction.carriesCredential ? transaction.id : null,
    });
    this.audit.describe({ target: deviceId });
    return {
      TransactionId: transaction.id,
      Configuration: JSON.parse(configuration.desired) as Record<string, unknown>,
    };
  }

  /** Closes an open transaction of this device, or explains why not (and changes nothing). */
  private async close(
    tenantId: string,
    deviceId: string,
    transactionId: string,
    status: 'committed' | 'rejected',
    reason = {},
  ): Promise<ConfigurationTransactionEntity> {
    this.audit.describe({ target: transactionId });
    const closed = await this.transactions.close(tenantId, deviceId, transactionId, status, reason);
    const transaction = await this.transactions.findById(tenantId, transactionId);
    if (!transaction || transaction.deviceId !== deviceId) {
      throw new NegotiationException(
        HttpStatus.NOT_FOUND,
        NegotiationErrorCode.TRANSACTION_NOT_FOUND,
        `transaction ${transactionId} not found for this device`,
      );
    }
    if (closed) return transaction;
    if (transaction.status === 'open') {
      throw new NegotiationException(
        HttpStatus.CONFLICT,
        NegotiationErrorCode.TRANSACTION_EXPIRED,
        `transaction ${transaction.id} expired at ${transaction.expiresAt.toISOString()}: negotiate again`,
      );
    }
    throw new NegotiationException(
      HttpStatus.CONFLICT,
      NegotiationErrorCode.TRANSACTION_CLOSED,
      `transaction ${transaction.id} is already ${transaction.status}`,
    );
  }

  private stillPending(
    configuration: DeviceConfigurationEntity | null,
    closedTransaction: string,
  ): string | null {
    const pending = configuration?.pendingCredentialTransaction ?? null;
    return pending === closedTransaction ? null : pending;
  }

  /** JSON text of a device document, refused beyond DEVICE_DOCUMENT_LIMIT_BYTES. */
  private document(value: Record<string, unknown>, field: string): string {
    const text = canonicalJson(value);
    const limit = this.config.deviceDocumentLimitBytes;
    if (Buffer.byteLength(text) > limit) {
      throw new NegotiationException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        NegotiationErrorCode.DOCUMENT_TOO_LARGE,
        `${field} exceeds ${limit} bytes of JSON`,
      );
    }
    return text;
  }

  private newConfiguration(
    tenantId: string,
    deviceId: string,
    desired: string,
    capabilities: string,
  ): DeviceConfigurationEntity {
    return Object.assign(new DeviceConfigurationEntity(), {
      tenantId,
      deviceId,
      desired,
      desiredHash: sha256(desired),
      applied: null,
      capabilities,
      pendingCredentialTransaction: null,
      updatedAt: new Date(),
    });
  }
}
