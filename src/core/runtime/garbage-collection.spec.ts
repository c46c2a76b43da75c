import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingRuntimeFlags, RUNTIME_FLAGS } from './garbage-collection';

describe('runtime flags', () => {
  it('npm start and start:dev pass every one of them to node', () => {
    const { scripts } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const script of [scripts.start, scripts['start:dev']])
      expect(script).toMatch(new RegExp(`node ${RUNTIME_FLAGS.join(' ')} dist/src/main\\.js$`));
  });

  it('names the flags a process was started without, and none when it has them', () => {
    expect(missingRuntimeFlags(['--inspect'])).toEqual(['--no-memory-reducer']);
    expect(missingRuntimeFlags(['--inspect', ...RUNTIME_FLAGS])).toEqual([]);
  });
});
