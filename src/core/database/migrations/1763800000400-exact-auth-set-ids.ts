import type { MigrationInterface, QueryRunner } from 'typeorm';
import { exactCollation } from '../portable-columns';

/**
 * Mender auth set ids and device ids are the client's, and exact: `CaseX` and `casex` are two sets.
 * MySQL's usual collations ignore case and trailing spaces, so these columns compare bytes. SQLite
 * already does. (TypeORM's drift check does not compare collations.)
 */
export class ExactAuthSetIds1763800000400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    const exact = await exactCollation(queryRunner);
    await queryRunner.query(
      `ALTER TABLE auth_sets MODIFY id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE ${exact} NOT NULL, ` +
        `MODIFY device_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE ${exact} NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') return;
    await queryRunner.query(
      'ALTER TABLE auth_sets MODIFY id VARCHAR(128) NOT NULL, MODIFY device_id VARCHAR(128) NOT NULL',
    );
  }
}
