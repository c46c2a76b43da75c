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

  it("reads V8's other spellings, and the last of them wins", () => {
    expect(missingRuntimeFlags(['--no_memory_reducer'])).toEqual([]);
    expect(missingRuntimeFlags(['--nomemory-reducer'])).toEqual([]);
    expect(missingRuntimeFlags(['--no-memory-reducer', '--memory-reducer'])).toEqual(['--no-memory-reducer']);
    expect(missingRuntimeFlags(['--memory_reducer', '--no-memory-reducer'])).toEqual([]);
  });
});
