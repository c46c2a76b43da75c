import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WebhookEventType } from '../event-types';

/** Where a tenant wants its events sent. The signing secret is sealed (SecretBox), shown once. */
@Entity('webhook_endpoints')
@Index('ix_webhook_endpoints_tenant_active', ['tenantId', 'active'])
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ name: 'event_types', type: 'simple-json' })
  eventTypes: WebhookEventType[];

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ name: 'secret_sealed', type: 'varchar', length: 255 })
  secretSealed: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
