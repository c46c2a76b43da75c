import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'success' | 'failure';

@Entity('audit_events')
@Index('ix_audit_events_tenant_id', ['tenantId', 'id'])
@Index('ix_audit_events_tenant_action', ['tenantId', 'action', 'id'])
@Index('ix_audit_events_tenant_target', ['tenantId', 'target', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64, nullable: true })
  tenantId: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  actor: string | null;

  @Column({ type: 'varchar', length: 120 })
  action: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  target: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  @Column({ name: 'request_id', type: 'varchar', length: 128 })
  requestId: string;
}
