// The application as `npm start` runs it, on DATABASE_URL, listening on PORT, plus one bench-only
// route for the framework floor: GET /bench/noop, authenticated (any role), answers {}.
// BENCH_DIST runs another build of the app (e.g. an older commit's dist, for an A/B in one run).
require('reflect-metadata');
require('./serve-usage');
const { Controller, Get, Module } = require('@nestjs/common');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const dist = process.env.BENCH_DIST ?? join(__dirname, '..', 'dist');
const { createApp } = require(join(dist, 'src/app.factory'));
const { Authenticated } = require(join(dist, 'src/core/auth/authenticated.decorator'));
const { loadConfig } = require(join(dist, 'src/config/app-config'));
// What main.ts does first; a build from before it (BENCH_DIST) runs as it did then.
const garbageCollection = join(dist, 'src/core/runtime/garbage-collection.js');
if (existsSync(garbageCollection)) require(garbageCollection).allocateYoungFirst();

class BenchNoopController {
  read() {
    return {};
  }
}
const read = Object.getOwnPropertyDescriptor(BenchNoopController.prototype, 'read');
Reflect.decorate([Get('noop'), Authenticated()], BenchNoopController.prototype, 'read', read);
Reflect.decorate([Controller('bench')], BenchNoopController);
class BenchModule {}
Reflect.decorate([Module({ controllers: [BenchNoopController] })], BenchModule);

(async () => {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await createApp(config, [BenchModule]);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.send({ listening: (app.server ?? app.getHttpServer()).address().port });
})();
