import { ApiProperty } from '@nestjs/swagger';

export class CredentialUpdated {
  @ApiProperty({ enum: ['CREDENTIAL_UPDATED'] })
  bulkNewDeviceStatus: 'CREDENTIAL_UPDATED';
  deviceId: string;
}

export class FailedCreation {
  @ApiProperty({ enum: ['FAILED'] })
  bulkNewDeviceStatus: 'FAILED';
  /** Present when the line names one. */
  deviceId?: string;
  failureReason: string;
  /** The line as the file had it, CREDENTIALS masked. */
  line: string;
}

/** Cumulocity's bulkNewDeviceRequest: the import report. */
export class BulkNewDeviceRequest {
  /** Lines processed, without the header. */
  numberOfAll: number;
  numberOfCreated: number;
  numberOfFailed: number;
  /** Created and updated. */
  numberOfSuccessful: number;
  credentialUpdatedList: CredentialUpdated[];
  failedCreationList: FailedCreation[];
}
