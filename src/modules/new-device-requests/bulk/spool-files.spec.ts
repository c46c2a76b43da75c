import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SpoolFiles } from './spool-files';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('SpoolFiles', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'spool-'))));

  it('writes an upload readable by its owner only, in a folder only the owner can enter', async () => {
    const spool = new SpoolFiles(join(root, 'bulk-imports'));
    const upload = 'ID,CREDENTIALS\nd1,secret-pw\n';
    await spool.write('job-1', Readable.from([Buffer.from(upload)]));

    expect(mode(spool.folder)).toBe(0o700);
    expect(mode(spool.path('job-1'))).toBe(0o600);
    expect(readFileSync(spool.path('job-1'), 'utf8')).toBe(upload);
  });

  it('closes a folder an older version left open to everyone', async () => {
    const folder = join(root, 'bulk-imports');
    mkdirSync(folder, { mode: 0o755 });
    await new SpoolFiles(folder).write('job-1', Readable.from([Buffer.from('x')]));
    expect(mode(folder)).toBe(0o700);
  });

  it('leaves nothing when the upload fails half way', async () => {
    const spool = new SpoolFiles(join(root, 'bulk-imports'));
    async function* broken() {
      yield Buffer.from('ID,CREDENTIALS\nd1,secret-pw\n');
      throw new Error('client went away');
    }
    await expect(spool.write('job-1', Readable.from(broken()))).rejects.toThrow('client went away');
    expect(readdirSync(spool.folder)).toEqual([]);
  });

  it('names the jobs whose files were written before a time, and none when there is no folder', async () => {
    const spool = new SpoolFiles(join(root, 'bulk-imports'));
    expect(await spool.writtenBefore(Date.now())).toEqual([]);
    await spool.write('old', Readable.from([Buffer.from('x')]));
    await spool.write('new', Readable.from([Buffer.from('x')]));
    writeFileSync(join(spool.folder, 'notes.txt'), 'not a spool file');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(spool.path('old'), minuteAgo, minuteAgo);
    utimesSync(join(spool.folder, 'notes.txt'), minuteAgo, minuteAgo);

    expect(await spool.writtenBefore(Date.now() - 30_000)).toEqual(['old']);
  });
});
