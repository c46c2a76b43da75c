import type { QueryRunner, TableColumnOptions } from 'typeorm';

type Extra = Partial<TableColumnOptions>;

/**
 * Column builders for migrations written once for SQLite and MySQL/MariaDB. Each mirrors one
 * entity column type, so the drift check (`npm run migrations:check`) sees no false difference.
 */
export const col = {
  primaryString: (name: string, length: number): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isPrimary: true,
  }),
  increment: (name: string): TableColumnOptions => ({
    name,
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  string: (name: string, length: number, extra: Extra = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    ...extra,
  }),
  text: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'text', ...extra }),
  int: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'integer', ...extra }),
  boolean: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'boolean', ...extra }),
  timestamp: (name: string, extra: Extra = {}): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    ...extra,
  }),
};

/**
 * The binary collation that does not pad, for ids that are the client's and exact (`CaseX` and
 * `casex` differ): MariaDB and MySQL 8 name it differently. SQLite already compares bytes.
 */
export async function exactCollation(queryRunner: QueryRunner): Promise<string> {
  const [{ version }] = (await queryRunner.query('SELECT VERSION() AS version')) as { version: string }[];
  return version.includes('MariaDB') ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
}
