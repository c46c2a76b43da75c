import { ApiProperty } from '@nestjs/swagger';

export class DeviceCredentialResponse {
  /** The secret itself: stored encrypted, shown only to callers with MANAGE_DEVICES. */
  DeviceCredential: string;
  @ApiProperty({ enum: ['Current', 'Pending'], enumName: 'DeviceCredentialState' })
  State: 'Current' | 'Pending';
  /** For a pending credential, the negotiation whose commit makes it current. */
  TransactionId: string | null;
}

export class FailedCredentialsResponse {
  /** How many of the given credentials were current or pending and are now failed. */
  MarkedFailed: number;
}
