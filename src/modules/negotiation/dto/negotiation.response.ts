import { ApiProperty } from '@nestjs/swagger';
import type { ConfigurationTransactionEntity } from '../entities/configuration-transaction.entity';

export class NegotiationResponse {
  /** Commit it once the configuration is applied, or reject it. */
  TransactionId: string;
  /** The configuration the device should run. @example {"some": "configuration"} */
  Configuration: Record<string, unknown>;
}

const STATUSES = ['Open', 'Committed', 'Rejected', 'Superseded', 'Expired'] as const;

export class TransactionResponse {
  TransactionId: string;
  @ApiProperty({ enum: STATUSES, enumName: 'NegotiationStatus' })
  Status: (typeof STATUSES)[number];
  /** The configuration offered. */
  Configuration: Record<string, unknown>;
  /** Whether committing it makes a new credential current. */
  CarriesCredential: boolean;
  ReasonCode: string | null;
  ReasonMessage: string | null;
  CreatedAt: Date;
  ExpiresAt: Date;
  ClosedAt: Date | null;

  static from(row: ConfigurationTransactionEntity, now = new Date()): TransactionResponse {
    const expired = row.status === 'open' && row.expiresAt <= now;
    return Object.assign(new TransactionResponse(), {
      TransactionId: row.id,
      Status: expired ? 'Expired' : STATUSES.find((status) => status.toLowerCase() === row.status),
      Configuration: JSON.parse(row.configuration) as Record<string, unknown>,
      CarriesCredential: row.carriesCredential,
      ReasonCode: row.reasonCode,
      ReasonMessage: row.reasonMessage,
      CreatedAt: row.createdAt,
      ExpiresAt: row.expiresAt,
      ClosedAt: row.closedAt,
    });
  }
}

export class DeviceConfigurationResponse {
  DeviceId: string;
  /** What the device should run; null until set or first negotiated. */
  Desired: Record<string, unknown> | null;
  /** What the device confirmed running (its last commit). */
  Applied: Record<string, unknown> | null;
  /** What the device last reported it can do. */
  Capabilities: Record<string, unknown> | null;
  /** A credential waits for a commit: the device gets no 304 until then. */
  CredentialPending: boolean;
  /** The latest negotiations, newest first (at most 50), with their outcomes and reject reasons. */
  Transactions: TransactionResponse[];
}
