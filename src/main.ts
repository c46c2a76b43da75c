import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigurationError, loadConfig } from './config/app-config';
import { allocateYoungFirst, missingRuntimeFlags } from './core/runtime/garbage-collection';

async function main(): Promise<void> {
  const started = Date.now();
  allocateYoungFirst();
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as AddressInfo; // PORT=0 takes a free one
  const url = `http://localhost:${port}`;
  const database = config.database.kind === 'sqlite' ? `embedded SQLite in ${config.dataDir}` : 'MySQL';
  const missing = missingRuntimeFlags();
  if (missing.length > 0)
    new Logger('Runtime').warn(
      `started without ${missing.join(' ')} (npm start passes it): after an idle spell the first seconds of load run unoptimized code, at about twice the CPU`,
    );
  process.stdout.write(
    `Device gateway ready in ${Date.now() - started} ms on ${url} (${database}). Swagger UI: ${url}/docs\n`,
  );
}

main().catch((error: unknown) => {
  // A wrong configuration is one clear line; anything else keeps its stack.
  process.stderr.write(
    error instanceof ConfigurationError
      ? `${error.message}\n`
      : `${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
