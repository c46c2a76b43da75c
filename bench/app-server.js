// The application as `npm start` runs it, on DATABASE_URL, listening on PORT, plus one bench-only
// route for the framework floor: GET /bench/noop, authenticated (any role), answers {}.
require('reflect-metadata');
require('./serve-usage');
const { Controller, Get, Module } = require('@nestjs/common');
const { createApp } = require('../dist/src/app.factory');
const { Authenticated } = require('../dist/src/core/auth/authenticated.decorator');
const { loadConfig } = require('../dist/src/config/app-config');

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
