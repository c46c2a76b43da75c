import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { BulkImportController } from './bulk/bulk-import.controller';
import { BulkImportJobsRepository } from './bulk/bulk-import-jobs.repository';
import { BulkImportJobsService } from './bulk/bulk-import-jobs.service';
import { BulkImportService } from './bulk/bulk-import.service';
import { BulkReportCsv } from './bulk/bulk-report-csv';
import { DeviceBatchWriter } from './bulk/device-batch-writer';
import { cumulocityErrorShape } from './cumulocity-error.shape';
import { DeviceCredentialsController } from './device-credentials.controller';
import { DeviceCredentialsService } from './device-credentials.service';
import { InventoryController } from './inventory/inventory.controller';
import { InventoryRepository } from './inventory/inventory.repository';
import { InventoryService } from './inventory/inventory.service';
import { InventoryWriter } from './inventory/inventory-writer.repository';
import { NewDeviceRequestSettingsController } from './new-device-request-settings.controller';
import { NewDeviceRequestsController } from './new-device-requests.controller';
import { NewDeviceRequestsRepository } from './new-device-requests.repository';
import { RegistrationEvents } from './registration-events';
import { NewDeviceRequestsService } from './new-device-requests.service';

/**
 * Cumulocity device registration: new device requests, the bootstrap poll for device credentials, the
 * bulk CSV import and the identity/inventory read API for what it creates.
 */
@Module({
  controllers: [
    NewDeviceRequestsController,
    NewDeviceRequestSettingsController,
    DeviceCredentialsController,
    BulkImportController,
    InventoryController,
  ],
  providers: [
    NewDeviceRequestsRepository,
    NewDeviceRequestsService,
    DeviceCredentialsService,
    RegistrationEvents,
    InventoryRepository,
    InventoryWriter,
    InventoryService,
    DeviceBatchWriter,
    BulkImportService,
    BulkImportJobsRepository,
    BulkImportJobsService,
    BulkReportCsv,
  ],
})
export class NewDeviceRequestsModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  onModuleInit(): void {
    this.shapes.register(cumulocityErrorShape);
  }
}
