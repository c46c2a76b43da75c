import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { col } from '../portable-columns';

/** Tenants, users, refresh tokens, rate-limit counters, audit events, commit markers. */
export class Platform1763800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'tenants',
        columns: [
          col.primaryString('id', 64),
          col.string('name', 200),
          col.int('active_device_limit'),
          col.timestamp('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          col.primaryString('id', 36),
          col.string('tenant_id', 64),
          col.string('email', 254),
          col.string('password_hash', 255),
          col.text('roles'),
          col.timestamp('created_at'),
          col.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_users_tenant_email',
            columnNames: ['tenant_id', 'email'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_users_email', columnNames: ['email'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['tenant_id'],
            referencedTableName: 'tenants',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          col.primaryString('id', 36),
          col.string('family_id', 36),
          col.string('user_id', 36),
          col.timestamp('expires_at'),
          col.timestamp('used_at', { isNullable: true }),
          col.timestamp('revoked_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'ix_refresh_tokens_family', columnNames: ['family_id'] }),
          new TableIndex({ name: 'ix_refresh_tokens_user', columnNames: ['user_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_hits',
        columns: [col.primaryString('key', 200), col.int('hits'), col.timestamp('expires_at')],
        indices: [new TableIndex({ name: 'ix_rate_limit_hits_expires', columnNames: ['expires_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          col.increment('id'),
          col.timestamp('at'),
          col.string('tenant_id', 64, { isNullable: true }),
          col.string('actor', 300, { isNullable: true }),
          col.string('action', 120),
          col.string('target', 300, { isNullable: true }),
          col.string('outcome', 16),
          col.int('status_code'),
          col.string('request_id', 128),
        ],
        indices: [
          new TableIndex({ name: 'ix_audit_events_tenant_id', columnNames: ['tenant_id', 'id'] }),
          new TableIndex({
            name: 'ix_audit_events_tenant_action',
            columnNames: ['tenant_id', 'action', 'id'],
          }),
          new TableIndex({
            name: 'ix_audit_events_tenant_target',
            columnNames: ['tenant_id', 'target', 'id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'compensation_commits',
        columns: [col.primaryString('scope_id', 36), col.timestamp('committed_at')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'compensation_commits',
      'audit_events',
      'rate_limit_hits',
      'refresh_tokens',
      'users',
      'tenants',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
