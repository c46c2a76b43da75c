import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SecurityTokenMode } from '../new-device-request-status';

/** A tenant's device registration settings; no row means the defaults. */
@Entity('new_device_request_settings')
export class NewDeviceRequestSettingsEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'security_token_mode', type: 'varchar', length: 16 })
  securityTokenMode: SecurityTokenMode;
}
