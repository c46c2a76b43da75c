import { Injectable } from '@nestjs/common';
import { SecretBox } from '../../core/crypto/secret-box';
import { DeviceCredentialsRepository } from './device-credentials.repository';
import type { DeviceCredentialResponse } from './dto/device-credential.response';
import type { CredentialState } from './entities/device-credential.entity';

/**
 * A device's credentials, encrypted at rest. A negotiation offers one (pending, tied to its
 * transaction); its commit makes it current; the device reports the ones that fail.
 */
@Injectable()
export class DeviceCredentialsService {
  constructor(
    private readonly credentials: DeviceCredentialsRepository,
    private readonly box: SecretBox,
  ) {}

  /** The current credential and the pending ones, decrypted (only for callers allowed to read them). */
  async list(tenantId: string, deviceId: string): Promise<DeviceCredentialResponse[]> {
    const rows = await this.credentials.inStates(tenantId, deviceId, ['current', 'pending']);
    return rows.map((row) => ({
      DeviceCredential: this.box.open(row.sealedSecret, `${tenantId}/${deviceId}`),
      State: row.state === 'current' ? 'Current' : 'Pending',
      TransactionId: row.transactionId,
    }));
  }

  /** Whether `value` is the device's current credential (a device that reports it on every poll). */
  async isCurrent(tenantId: string, deviceId: string, value: string): Promise<boolean> {
    const lookup = this.box.lookup(value);
    const current = await this.credentials.inStates(tenantId, deviceId, ['current']);
    return current.some((row) => row.lookup === lookup);
  }

  /** Marks these values failed; returns how many were current or pending. */
  markFailed(tenantId: string, deviceId: string, values: string[]): Promise<number> {
    const lookups = values.map((value) => this.box.lookup(value));
    return this.credentials.setState(tenantId, deviceId, ['current', 'pending'], 'failed', { lookups });
  }

  /** A credential offered by a negotiation; any earlier pending offer is replaced. */
  async offer(tenantId: string, deviceId: string, transactionId: string, value: string): Promise<void> {
    await this.credentials.setState(tenantId, deviceId, ['pending'], 'superseded');
    const now = new Date();
    await this.credentials.insert({
      tenantId,
      deviceId,
      transactionId,
      sealedSecret: this.box.seal(value, `${tenantId}/${deviceId}`),
      lookup: this.box.lookup(value),
      state: 'pending',
      createdAt: now,
      updatedAt: now,
    });
  }

  /** A newer negotiation carries the pending offer of the one it supersedes. */
  carryOver(
    tenantId: string,
    deviceId: string,
    fromTransaction: string,
    toTransaction: string,
  ): Promise<void> {
    return this.credentials.moveToTransaction(tenantId, deviceId, fromTransaction, toTransaction);
  }

  /** The transaction committed: its pending credential becomes the current one. */
  async promote(tenantId: string, deviceId: string, transactionId: string): Promise<void> {
    const pending: CredentialState[] = ['pending'];
    const offered = (await this.credentials.inStates(tenantId, deviceId, pending)).some(
      (row) => row.transactionId === transactionId,
    );
    if (!offered) return;
    await this.credentials.setState(tenantId, deviceId, ['current'], 'superseded');
    await this.credentials.setState(tenantId, deviceId, pending, 'current', { transactionId });
  }

  /** The transaction was rejected: its offer is dropped. */
  async discard(tenantId: string, deviceId: string, transactionId: string): Promise<void> {
    await this.credentials.setState(tenantId, deviceId, ['pending'], 'superseded', { transactionId });
  }
}
