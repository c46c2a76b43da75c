import { type ClsStore, ClsServiceManager } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { leanQuery } from './lean-query';

type Answer = { code: string } | Record<string, unknown>[];

/** A manager outside a transaction on MySQL whose pool gives each answer in turn (an error when it has a code). */
const poolAnswering = (...answers: Answer[]) => {
  const query = jest.fn(
    (_sql: string, _params: unknown[], callback: (error: unknown, raw?: unknown) => void) => {
      const answer = answers[query.mock.calls.length - 1];
      if (Array.isArray(answer)) callback(null, answer);
      else callback(Object.assign(new Error(answer.code), answer));
    },
  );
  const manager = {
    queryRunner: undefined,
    connection: { options: { type: 'mysql' }, driver: { pool: { query } } },
  } as unknown as EntityManager;
  return { manager, query };
};

describe('leanQuery outside a transaction on MySQL', () => {
  it('runs a statement that lost to contention again: on its own it changed nothing', async () => {
    const { manager, query } = poolAnswering({ code: 'ER_LOCK_DEADLOCK' }, { code: 'ER_LOCK_WAIT_TIMEOUT' }, [
      { present: 1 },
    ]);
    await expect(leanQuery(manager, 'SELECT 1 AS present')).resolves.toEqual({
      records: [{ present: 1 }],
      affected: 0,
    });
    expect(query).toHaveBeenCalledTimes(3);
  });

  it("runs the retry in the caller's request context, not in the one mysql2 calls back in", async () => {
    const cls = ClsServiceManager.getClsService();
    const answers: Answer[] = [{ code: 'ER_LOCK_DEADLOCK' }, [{ present: 1 }]];
    const contexts: unknown[] = [];
    // mysql2 calls back from its socket's events, in the async context the socket was opened in.
    const query = jest.fn(
      (_sql: string, _params: unknown[], callback: (error: unknown, raw?: unknown) => void) => {
        contexts.push(cls.get('request'));
        const answer = answers[query.mock.calls.length - 1];
        cls.runWith({ request: 'socket' } as ClsStore, () =>
          setImmediate(() =>
            Array.isArray(answer) ? callback(null, answer) : callback(Object.assign(new Error(), answer)),
          ),
        );
      },
    );
    const manager = {
      queryRunner: undefined,
      connection: { options: { type: 'mysql' }, driver: { pool: { query } } },
    } as unknown as EntityManager;

    const result = await cls.runWith({ request: 'caller' } as ClsStore, () =>
      leanQuery(manager, 'SELECT 1 AS present'),
    );

    expect(result.records).toEqual([{ present: 1 }]);
    expect(contexts).toEqual(['caller', 'caller']);
  });

  it('gives any other error back at once, as TypeORM would', async () => {
    const { manager, query } = poolAnswering({ code: 'ER_DUP_ENTRY' });
    const error = await leanQuery(manager, 'INSERT INTO t VALUES (1)').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError<Error & { code: string }>).driverError.code).toBe('ER_DUP_ENTRY');
    expect(query).toHaveBeenCalledTimes(1);
  });
});
