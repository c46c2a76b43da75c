import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from '../portable-columns';

/** Tenants: a limit on accepted Mender auth sets (null = none). */
export class AcceptedDeviceLimit1763800000300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'tenants',
      new TableColumn(col.int('accepted_device_limit', { isNullable: true })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'accepted_device_limit');
  }
}
