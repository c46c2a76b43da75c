import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { ErrorShapes } from './core/http/error-shapes';
import { buildOpenApiDocument } from './core/http/openapi';

/**
 * `npm run openapi` writes openapi.json from the built app (on a throw-away embedded database);
 * `--check` fails when the committed file differs, so a stale document cannot land.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const file = process.argv.filter((arg) => !arg.startsWith('--')).at(2) ?? 'openapi.json';
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const app = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'x'.repeat(32),
      ADMIN_PASSWORD: 'x'.repeat(16),
    }),
  );
  const json = `${JSON.stringify(buildOpenApiDocument(app, app.get(ErrorShapes)), null, 2)}\n`;
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (!check) {
    writeFileSync(file, json);
    return;
  }
  if (readFileSync(file, 'utf8') !== json) {
    process.stderr.write(`${file} is stale: run \`npm run build && npm run openapi\` and commit it.\n`);
    process.exit(1);
  }
  process.stdout.write(`${file} is up to date.\n`);
}

void main();
