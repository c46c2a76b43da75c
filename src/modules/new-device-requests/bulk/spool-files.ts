import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const SUFFIX = '.csv';

/**
 * The uploads of background imports, spooled in the data folder until their job has read them. They
 * hold device passwords in plain text: readable by the service's own user only, and removed as soon
 * as nothing will read them (the job ended, or it was lost with the instance that ran it).
 */
export class SpoolFiles {
  constructor(readonly folder: string) {}

  path(jobId: string): string {
    return join(this.folder, `${jobId}${SUFFIX}`);
  }

  /** Writes the upload (owner-only, folder and file); nothing is left of it if that fails. */
  async write(jobId: string, bytes: Readable): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    await chmod(this.folder, 0o700); // a folder an older version made, with the default mode
    try {
      await pipeline(bytes, createWriteStream(this.path(jobId), { mode: 0o600 }));
    } catch (error) {
      await this.remove(jobId);
      throw error;
    }
  }

  remove(jobId: string): Promise<void> {
    return rm(this.path(jobId), { force: true });
  }

  /** The jobs whose spool files were last written before `before` (ms since the epoch). */
  async writtenBefore(before: number): Promise<string[]> {
    const names = await readdir(this.folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const ids: string[] = [];
    for (const name of names.filter((file) => file.endsWith(SUFFIX))) {
      const written = await stat(join(this.folder, name)).then(
        (stats) => stats.mtimeMs,
        () => Infinity, // removed meanwhile
      );
      if (written < before) ids.push(name.slice(0, -SUFFIX.length));
    }
    return ids;
  }
}
