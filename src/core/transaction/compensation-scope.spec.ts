import { Logger } from '@nestjs/common';
import type { CommitMarkers } from './commit-markers';
import { CompensationScope } from './compensation-scope';
import type { CompensationJournal } from './journal/compensation-journal';
import { type UndoPayload, UndoHandlers } from './undo-handlers';
import type { UndoRunner } from './undo-runner';

interface ArmedRow {
  scopeId: string;
  tenantId: string | null;
  requestId: string;
  kind: string;
  payload: UndoPayload;
}

/** The journal's calls, in order; `armed` holds the rows not yet removed. */
class FakeJournal {
  private nextId = 1;
  armed = new Map<number, ArmedRow>();
  calls: unknown[][] = [];
  /** Rows the reconciler "took over": markCommitting no longer counts them. */
  takenOver = 0;

  async arm(row: ArmedRow): Promise<number> {
    const id = this.nextId++;
    this.armed.set(id, row);
    return id;
  }

  async remove(id: number): Promise<void> {
    this.calls.push(['remove', id]);
    this.armed.delete(id);
  }

  async markCommitting(scopeId: string): Promise<number> {
    this.calls.push(['markCommitting', scopeId]);
    return [...this.armed.values()].filter((row) => row.scopeId === scopeId).length - this.takenOver;
  }

  async removeScope(scopeId: string): Promise<void> {
    this.calls.push(['removeScope', scopeId]);
  }

  async markDone(id: number): Promise<void> {
    this.calls.push(['markDone', id]);
  }

  async markPending(id: number, attempts: number, error: string | null): Promise<void> {
    this.calls.push(['markPending', id, attempts, error]);
  }
}

class FakeMarkers {
  written: string[] = [];
  removed: string[] = [];
  committed = false;
  existsCalls = 0;

  async write(scopeId: string): Promise<void> {
    this.written.push(scopeId);
  }

  async exists(scopeId: string): Promise<boolean> {
    this.existsCalls++;
    return this.committed && this.written.includes(scopeId);
  }

  async remove(scopeId: string): Promise<void> {
    this.removed.push(scopeId);
  }
}

/** Records what the scope asks of the runner: key locks, settlements, keyed undos. */
class FakeRunner {
  calls: string[] = [];
  unsettled: string | undefined;

  async lock(key: string): Promise<void> {
    this.calls.push(`lock ${key}`);
  }

  /** Other requests' undos found open on a key, which settleKey runs. */
  readonly othersOpen = new Map<string, number[]>();

  async settleKey(key: string, scopeId: string): Promise<number[]> {
    this.calls.push(`settle ${key} except ${scopeId}`);
    if (key === this.unsettled) throw new Error(`cannot settle ${key}`);
    return this.othersOpen.get(key) ?? [];
  }

  async markDone(ids: number[]): Promise<void> {
    this.calls.push(`done ${ids.join(',')}`);
  }

  async adoptKey(key: string): Promise<boolean> {
    this.calls.push(`adopt ${key}`);
    return true;
  }

  async runUnderKey(undo: { id: number; key: string }): Promise<boolean> {
    this.calls.push(`run #${undo.id} holding ${undo.key}`);
    return true;
  }
}

describe('CompensationScope', () => {
  let journal: FakeJournal;
  let markers: FakeMarkers;
  let handlers: UndoHandlers;
  let runner: FakeRunner;
  let undone: string[];
  let scope: CompensationScope;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    journal = new FakeJournal();
    markers = new FakeMarkers();
    runner = new FakeRunner();
    undone = [];
    handlers = new UndoHandlers();
    handlers.register('remote.delete', async (payload) => void undone.push(String(payload.name)));
    handlers.register('remote.broken', async (payload) => {
      undone.push(String(payload.name));
      throw new Error('remote refused');
    });
    scope = new CompensationScope(
      journal as unknown as CompensationJournal,
      handlers,
      markers as unknown as CommitMarkers,
      runner as unknown as UndoRunner,
      'acme',
      'req-1',
    );
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('journals each undo before returning, with its scope, tenant and request', async () => {
    await scope.register('remote.delete', { name: 'a' });

    expect([...journal.armed]).toEqual([
      [
        1,
        {
          scopeId: scope.id,
          tenantId: 'acme',
          requestId: 'req-1',
          kind: 'remote.delete',
          payload: { name: 'a' },
          key: null,
        },
      ],
    ]);
  });

  describe('external keys', () => {
    it('locks the keys in sorted order, once each, then settles each for the other requests', async () => {
      await scope.acquire(['k/b', 'k/a', 'k/b']);
      await scope.acquire(['k/a', 'k/c']);

      expect(runner.calls).toEqual([
        'lock k/a',
        'lock k/b',
        `settle k/a except ${scope.id}`,
        `settle k/b except ${scope.id}`,
        'lock k/c',
        `settle k/c except ${scope.id}`,
      ]);
    });

    it('fails before any change when an earlier undo on a key cannot be settled', async () => {
      runner.unsettled = 'k/a';

      await expect(scope.acquire(['k/a', 'k/b'])).rejects.toThrow('cannot settle k/a');
      expect(scope.madeExternalChanges).toBe(false);
      expect(journal.armed.size).toBe(0);
    });

    it('marks the undos of other requests it ran done only once it committed', async () => {
      runner.othersOpen.set('k/a', [7, 8]);
      await scope.acquire(['k/a', 'k/b']);
      expect(runner.calls).not.toContain('done 7,8');

      await scope.afterCommit();

      expect(runner.calls.at(-1)).toBe('done 7,8');
    });

    it('after a rollback, runs the undos of other requests it ran again on their own, after its own', async () => {
      runner.othersOpen.set('k/b', [7]);
      await scope.acquire(['k/a', 'k/b']);
      await scope.register('remote.delete', { name: 'a' }, { key: 'k/a' });

      await scope.compensate();

      expect(runner.calls.slice(-2)).toEqual(['run #1 holding k/a', 'adopt k/b']);
      expect(runner.calls.filter((call) => call.startsWith('done'))).toEqual([]);
    });

    it('refuses an undo on a key the request has not locked', async () => {
      await expect(scope.register('remote.delete', { name: 'a' }, { key: 'k/a' })).rejects.toThrow(
        'undo "remote.delete" on k/a registered without its lock',
      );
      expect(journal.armed.size).toBe(0);
    });

    it('journals the key and runs a keyed undo through the runner, holding the key', async () => {
      await scope.acquire(['k/a']);
      await scope.register('remote.delete', { name: 'a' }, { key: 'k/a' });
      await scope.register('remote.delete', { name: 'b' });

      await scope.compensate();

      expect(journal.armed.get(1)).toMatchObject({ key: 'k/a' });
      expect(undone).toEqual(['b']);
      expect(runner.calls.at(-1)).toBe('run #1 holding k/a');
    });
  });

  it('runs the undos newest first and marks each done', async () => {
    await scope.register('remote.delete', { name: 'a' });
    await scope.register('remote.delete', { name: 'b' });
    await scope.register('remote.delete', { name: 'c' });

    await scope.compensate();

    expect(undone).toEqual(['c', 'b', 'a']);
    expect(journal.calls).toEqual([
      ['markDone', 3],
      ['markDone', 2],
      ['markDone', 1],
    ]);
  });

  it('does not ask the database for a commit marker when the request failed before commit', async () => {
    await scope.register('remote.delete', { name: 'a' });

    await scope.compensate();

    expect(undone).toEqual(['a']);
    expect(markers.existsCalls).toBe(0);
  });

  it('runs each undo only once when compensate is called twice', async () => {
    await scope.register('remote.delete', { name: 'a' });
    await scope.register('remote.delete', { name: 'b' });

    await scope.compensate();
    await scope.compensate();

    expect(undone).toEqual(['b', 'a']);
  });

  it('leaves a failed undo pending after one attempt and still runs the others', async () => {
    await scope.register('remote.delete', { name: 'a' });
    await scope.register('remote.broken', { name: 'b' });
    await scope.register('remote.delete', { name: 'c' });

    await scope.compensate();

    expect(undone).toEqual(['c', 'b', 'a']);
    expect(journal.calls).toEqual([
      ['markDone', 3],
      ['markPending', 2, 1, 'remote refused'],
      ['markDone', 1],
    ]);
  });

  it('leaves an undo of an unknown kind pending rather than forgetting it', async () => {
    await scope.register('nobody.handles', { name: 'x' });

    await scope.compensate();

    expect(journal.calls).toEqual([['markPending', 1, 1, 'no undo handler registered for "nobody.handles"']]);
  });

  it('does not run a cancelled undo and removes its journal row', async () => {
    await scope.register('remote.delete', { name: 'a' });
    const b = await scope.register('remote.delete', { name: 'b' });
    await scope.register('remote.delete', { name: 'c' });

    await b.cancel();
    await scope.compensate();

    expect(undone).toEqual(['c', 'a']);
    expect(journal.calls[0]).toEqual(['remove', 2]);
    expect([...journal.armed.keys()]).toEqual([1, 3]);
  });

  it('ignores a second cancel of the same undo, leaving the other undos in place', async () => {
    await scope.register('remote.delete', { name: 'a' });
    const b = await scope.register('remote.delete', { name: 'b' });
    await scope.register('remote.delete', { name: 'c' });

    await b.cancel();
    await b.cancel();
    await scope.compensate();

    expect(undone).toEqual(['c', 'a']);
    expect(journal.calls.filter(([call]) => call === 'remove')).toEqual([['remove', 2]]);
  });

  it('still runs the older undos and resolves when a failed undo cannot be marked pending', async () => {
    await scope.register('remote.delete', { name: 'a' });
    await scope.register('remote.broken', { name: 'b' });
    journal.markPending = () => Promise.reject(new Error('journal locked'));

    await expect(scope.compensate()).resolves.toBeUndefined();

    expect(undone).toEqual(['b', 'a']);
    expect(journal.calls).toEqual([['markDone', 1]]);
  });

  it('still runs the older undos and resolves when an undo that ran cannot be marked done', async () => {
    await scope.register('remote.delete', { name: 'a' });
    await scope.register('remote.delete', { name: 'b' });
    const markDone = journal.markDone.bind(journal);
    journal.markDone = (id) => (id === 2 ? Promise.reject(new Error('journal locked')) : markDone(id));

    await expect(scope.compensate()).resolves.toBeUndefined();

    expect(undone).toEqual(['b', 'a']);
    // The undo that ran stays armed (it is idempotent); it is not recorded as a failed attempt.
    expect(journal.calls).toEqual([['markDone', 1]]);
  });

  it('refuses to register once compensated', async () => {
    await scope.compensate();

    await expect(scope.register('remote.delete', { name: 'late' })).rejects.toThrow(
      'compensation scope is closed',
    );
    expect(journal.armed.size).toBe(0);
  });

  describe('commit', () => {
    it('does nothing to prepare when no undo was registered', async () => {
      await scope.prepareCommit();

      expect(journal.calls).toEqual([]);
      expect(markers.written).toEqual([]);
    });

    it('claims the journal rows, writes the commit marker, then refuses new undos', async () => {
      await scope.register('remote.delete', { name: 'a' });
      await scope.register('remote.delete', { name: 'b' });

      await scope.prepareCommit();

      expect(journal.calls).toEqual([['markCommitting', scope.id]]);
      expect(markers.written).toEqual([scope.id]);
      await expect(scope.register('remote.delete', { name: 'late' })).rejects.toThrow(
        'compensation scope is closed',
      );
    });

    it('refuses to commit when the reconciler took over some rows, without writing the marker', async () => {
      await scope.register('remote.delete', { name: 'a' });
      await scope.register('remote.delete', { name: 'b' });
      journal.takenOver = 1;

      await expect(scope.prepareCommit()).rejects.toThrow(
        'compensation journal was taken over by the reconciler',
      );
      expect(markers.written).toEqual([]);
    });

    it('runs no undo when the commit went through despite an error, and cleans up', async () => {
      await scope.register('remote.delete', { name: 'a' });
      await scope.prepareCommit();
      markers.committed = true;

      await scope.compensate();

      expect(undone).toEqual([]);
      expect(journal.calls).toEqual([
        ['markCommitting', scope.id],
        ['removeScope', scope.id],
      ]);
      expect(markers.removed).toEqual([scope.id]);
    });

    it('runs no undo and marks nothing when the database cannot tell whether the commit went through', async () => {
      await scope.register('remote.delete', { name: 'a' });
      await scope.register('remote.delete', { name: 'b' });
      await scope.prepareCommit();
      markers.exists = () => Promise.reject(new Error('connection lost'));

      await expect(scope.compensate()).resolves.toBeUndefined();

      expect(undone).toEqual([]);
      // The rows stay `committing` for the reconciler: no markDone/markPending, no cleanup.
      expect(journal.calls).toEqual([['markCommitting', scope.id]]);
      expect([...journal.armed.keys()]).toEqual([1, 2]);
      expect(markers.removed).toEqual([]);
    });

    it('runs the undos when the commit failed after prepareCommit (no marker in the database)', async () => {
      await scope.register('remote.delete', { name: 'a' });
      await scope.register('remote.delete', { name: 'b' });
      await scope.prepareCommit();

      await scope.compensate();

      expect(undone).toEqual(['b', 'a']);
      expect(markers.removed).toEqual([]);
    });

    it('removes the journal rows and the marker after a successful commit', async () => {
      await scope.register('remote.delete', { name: 'a' });
      await scope.prepareCommit();

      await scope.afterCommit();

      expect(journal.calls).toEqual([
        ['markCommitting', scope.id],
        ['removeScope', scope.id],
      ]);
      expect(markers.removed).toEqual([scope.id]);
    });

    it('does not throw when cleanup after commit fails', async () => {
      await scope.register('remote.delete', { name: 'a' });
      journal.removeScope = () => Promise.reject(new Error('journal locked'));

      await expect(scope.afterCommit()).resolves.toBeUndefined();
      expect(markers.removed).toEqual([]);
    });
  });
});
