import type {
  BulkNewDeviceRequest,
  CredentialUpdated,
  FailedCreation,
} from './dto/bulk-new-device-request.response';

export type BulkNewDeviceStatus = 'CREATED' | 'CREDENTIAL_UPDATED' | 'FAILED';

/** What became of one line of the file. */
export interface RowOutcome {
  line: number;
  deviceId?: string;
  status: BulkNewDeviceStatus;
  failureReason?: string;
  /** The line as the file had it (CREDENTIALS masked), for failures. */
  text?: string;
}

/**
 * Counts the outcomes; keeps Cumulocity's two lists only when the answer needs them (a background
 * job writes each outcome to the database instead, so a million lines never sit in memory).
 */
export class BulkReport {
  created = 0;
  credentialsUpdated = 0;
  failed = 0;
  private readonly updatedList: CredentialUpdated[] = [];
  private readonly failedList: FailedCreation[] = [];

  constructor(private readonly keepLists: boolean) {}

  get all(): number {
    return this.created + this.credentialsUpdated + this.failed;
  }

  add(outcome: RowOutcome): void {
    if (outcome.status === 'CREATED') this.created += 1;
    else if (outcome.status === 'CREDENTIAL_UPDATED') {
      this.credentialsUpdated += 1;
      if (this.keepLists)
        this.updatedList.push({
          bulkNewDeviceStatus: 'CREDENTIAL_UPDATED',
          deviceId: outcome.deviceId as string,
        });
    } else {
      this.failed += 1;
      if (this.keepLists)
        this.failedList.push({
          bulkNewDeviceStatus: 'FAILED',
          ...(outcome.deviceId === undefined ? {} : { deviceId: outcome.deviceId }),
          failureReason: outcome.failureReason ?? 'failure',
          line: outcome.text ?? '',
        });
    }
  }

  toBody(): BulkNewDeviceRequest {
    return {
      numberOfAll: this.all,
      numberOfCreated: this.created,
      numberOfFailed: this.failed,
      numberOfSuccessful: this.created + this.credentialsUpdated,
      credentialUpdatedList: this.updatedList,
      failedCreationList: this.failedList,
    };
  }
}
