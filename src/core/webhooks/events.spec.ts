import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { ClsService } from 'nestjs-cls';
import { WebhookEventType } from './event-types';
import { Events } from './events';
import type { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** What happened, in order: the change, transactions opened, outbox rows written (and where). */
function harness(subscribers: string[], inTransaction = false) {
  const log: string[] = [];
  let open = inTransaction;
  const txHost = {
    isTransactionActive: () => open,
    withTransaction: async (work: () => Promise<void>) => {
      log.push('begin');
      open = true;
      try {
        await work();
        log.push('commit');
      } catch (error) {
        log.push('rollback');
        throw error;
      } finally {
        open = inTransaction;
      }
    },
    tx: {
      insert: async (_entity: unknown, rows: { endpointId: string }[]) => {
        if (rows.some((row) => row.endpointId === 'broken')) throw new Error('outbox insert failed');
        log.push(`outbox ${rows.map((row) => row.endpointId).join(',')}${open ? ' (in transaction)' : ''}`);
      },
    },
  } as unknown as TransactionHost<TransactionalAdapterTypeOrm>;
  const endpoints = { subscribedTo: async () => subscribers } as unknown as WebhookEndpointsRepository;
  const cls = { isActive: () => false } as unknown as ClsService;
  const change = async () => {
    log.push(`change${open ? ' (in transaction)' : ''}`);
  };
  const publish = () =>
    new Events(txHost, endpoints, cls).publishWith(
      change,
      WebhookEventType.PRIMIS_ACCESS_GRANTED,
      'acme',
      'zone-1',
      { result: 'granted' },
    );
  return { log, publish };
}

describe('Events.publishWith', () => {
  it('runs the change alone, with no transaction, when no endpoint takes the event', async () => {
    const { log, publish } = harness([]);
    await publish();
    expect(log).toEqual(['change']);
  });

  it('commits the change and one outbox row per endpoint together when endpoints take it', async () => {
    const { log, publish } = harness(['ep-1', 'ep-2']);
    await publish();
    expect(log).toEqual(['begin', 'change (in transaction)', 'outbox ep-1,ep-2 (in transaction)', 'commit']);
  });

  it('rolls the change back when its event cannot be written', async () => {
    const { log, publish } = harness(['broken']);
    await expect(publish()).rejects.toThrow('outbox insert failed');
    expect(log).toEqual(['begin', 'change (in transaction)', 'rollback']);
  });

  it("joins the caller's transaction instead of opening one", async () => {
    const { log, publish } = harness(['ep-1'], true);
    await publish();
    expect(log).toEqual(['change (in transaction)', 'outbox ep-1 (in transaction)']);
  });
});
