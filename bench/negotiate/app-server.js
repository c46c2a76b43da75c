// The application as `npm start` runs it, on DATABASE_URL, listening on PORT.
require('reflect-metadata');
const { createApp } = require('../../dist/src/app.factory');
const { loadConfig } = require('../../dist/src/config/app-config');

(async () => {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.send('ready');
})();
process.on('SIGINT', () => process.exit(0)); // lets --cpu-prof write its profile
