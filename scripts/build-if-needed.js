// `npm start` on a fresh clone: build when dist is missing or older than any source file.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const entry = path.join('dist', 'src', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

const sources = Math.max(newestMtime('src'), fs.statSync('ormconfig.ts').mtimeMs);
if (!fs.existsSync(entry) || fs.statSync(entry).mtimeMs < sources) {
  console.log('Building (dist is missing or stale)...');
  execFileSync(process.execPath, [path.join('scripts', 'build.js')], { stdio: 'inherit' });
}
