import { UndoHandlers } from './undo-handlers';

describe('UndoHandlers', () => {
  it('runs the handler registered for the kind with the payload', async () => {
    const handlers = new UndoHandlers();
    const seen: unknown[] = [];
    handlers.register('remote.delete', async (payload) => void seen.push(payload));
    handlers.register('other.delete', async () => void seen.push('wrong handler'));

    await handlers.run('remote.delete', { id: 'r1', port: 8080 });

    expect(seen).toEqual([{ id: 'r1', port: 8080 }]);
  });

  it('refuses a second handler for the same kind', () => {
    const handlers = new UndoHandlers();
    handlers.register('remote.delete', async () => undefined);

    expect(() => handlers.register('remote.delete', async () => undefined)).toThrow(
      'undo handler "remote.delete" registered twice',
    );
  });

  it('rejects a kind nobody registered', async () => {
    await expect(new UndoHandlers().run('unknown.kind', {})).rejects.toThrow(
      'no undo handler registered for "unknown.kind"',
    );
  });

  it('passes on the failure of a handler', async () => {
    const handlers = new UndoHandlers();
    handlers.register('remote.delete', async () => {
      throw new Error('remote down');
    });

    await expect(handlers.run('remote.delete', {})).rejects.toThrow('remote down');
  });
});
