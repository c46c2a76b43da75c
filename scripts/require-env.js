// Fails fast with one clear line when a script needs an environment variable that is not set.
const missing = process.argv.slice(2).filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`Set ${missing.join(', ')} first (e.g. DATABASE_URL=mysql://user:pass@127.0.0.1:3306/db).`);
  process.exit(1);
}
