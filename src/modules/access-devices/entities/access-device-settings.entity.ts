import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's APIO settings (name generation, hidden credentials), as the JSON document APIO uses. */
@Entity('access_device_settings')
export class AccessDeviceSettingsEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'text' })
  settings: string;
}
