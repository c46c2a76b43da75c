import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A phone type of one tenant. Those of the `management` tenant are the system-wide catalogue that
 * every tenant sees unless it defines its own of the same name.
 */
@Entity('phone_types')
export class PhoneTypeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  name: string;

  /** The PhoneType document as JSON (rules, ports, servers, parameters). */
  @Column({ type: 'text' })
  definition: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
