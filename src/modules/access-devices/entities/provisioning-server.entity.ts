import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a tenant's redirect server (named `redirect`) or a phone vendor server lives. */
@Entity('provisioning_servers')
export class ProvisioningServerEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'base_url', type: 'varchar', length: 2048 })
  baseUrl: string;

  @Column({ name: 'user_name', type: 'varchar', length: 255, nullable: true })
  userName: string | null;

  /** Sealed with SecretBox, context `tenant/name`. */
  @Column({ name: 'password_sealed', type: 'text', nullable: true })
  passwordSealed: string | null;

  @Column({ name: 'timeout_ms', type: 'integer' })
  timeoutMs: number;

  @Column({ name: 'requests_per_second', type: 'integer' })
  requestsPerSecond: number;
}
