import { Column, PrimaryColumn } from 'typeorm';

/** Columns every record of the management API has. */
export abstract class TimestampedRecord {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A named record that belongs to one site of its tenant (area, schedule, access group). */
export abstract class SiteRecord extends TimestampedRecord {
  @Column({ name: 'site_id', type: 'varchar', length: 64 })
  siteId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;
}
