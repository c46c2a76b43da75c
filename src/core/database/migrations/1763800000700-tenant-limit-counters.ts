import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from '../portable-columns';

/**
 * Tenants: a counter beside each limit (active Genetec devices, accepted Mender auth sets), so a
 * limit is one guarded write on the tenant row instead of a locking count (ARCHITECTURE rule 9).
 * Filled from the rows they count.
 */
export class TenantLimitCounters1763800000700 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('tenants', [
      new TableColumn(col.int('active_device_count', { default: 0 })),
      new TableColumn(col.int('accepted_device_count', { default: 0 })),
    ]);
    await queryRunner.query(BACKFILL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('tenants', ['active_device_count', 'accepted_device_count']);
  }
}

/** Correlated counts, the same SQL on SQLite and MySQL/MariaDB (`active` is 0/1 on both). */
export const BACKFILL =
  'UPDATE tenants SET ' +
  'active_device_count = (SELECT COUNT(*) FROM devices d WHERE d.tenant_id = tenants.id AND d.active = 1), ' +
  "accepted_device_count = (SELECT COUNT(*) FROM auth_sets a WHERE a.tenant_id = tenants.id AND a.status = 'accepted')";
