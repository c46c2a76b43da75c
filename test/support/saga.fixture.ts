import { Body, Controller, Module, type OnModuleInit, Post } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsIn, IsString } from 'class-validator';
import { Authenticated } from '../../src/core/auth/authenticated.decorator';
import { Role } from '../../src/core/auth/role.enum';
import { Operation } from '../../src/core/http/operation.decorator';
import { TenantsService } from '../../src/core/tenancy/tenants.service';
import { Compensations } from '../../src/core/transaction/compensations';
import { Transactional } from '../../src/core/transaction/transactional.decorator';
import { UndoHandlers } from '../../src/core/transaction/undo-handlers';

/** An external system the database cannot roll back: records, calls, and switchable failures. */
export class FakeRemote {
  readonly records = new Set<string>();
  readonly deletes: string[] = [];
  failNextDeletes = 0;

  async put(key: string): Promise<void> {
    this.records.add(key);
  }

  async delete(key: string): Promise<void> {
    this.deletes.push(key);
    if (this.failNextDeletes > 0) {
      this.failNextDeletes -= 1;
      throw new Error(`remote unavailable while deleting ${key}`);
    }
    this.records.delete(key); // deleting what is already gone is success
  }

  reset(): void {
    this.records.clear();
    this.deletes.length = 0;
    this.failNextDeletes = 0;
  }
}

/** Shared by every app instance in the test process, as a real remote server would be. */
export const remotes = { a: new FakeRemote(), b: new FakeRemote() };

/** Every undo call in order, as `system:key`. */
export const undoLog: string[] = [];

export function resetRemotes(): void {
  remotes.a.reset();
  remotes.b.reset();
  undoLog.length = 0;
}

/** Lets a test hold a request between its external calls and its commit. */
export const gate = {
  reached: undefined as undefined | (() => void),
  release: undefined as undefined | ((error?: Error) => void),
  connectionId: undefined as undefined | number,
};

const STEPS = ['none', 'afterInsert', 'afterFirstCall', 'afterSecondCall', 'hang'] as const;

class SagaDto {
  @IsString()
  tenantId: string;

  @IsIn(STEPS)
  failAt: (typeof STEPS)[number];
}

@Controller('test/saga')
class SagaController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly compensations: Compensations,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** A local row, then remote a, then remote b, each undo registered before its call. */
  @Post()
  @Transactional()
  @Authenticated({ roles: [Role.SYSTEM_ADMIN] })
  @Operation({ id: 'testSaga', summary: 'test fixture' })
  async run(@Body() dto: SagaDto): Promise<{ ok: true }> {
    await this.tenants.create({ id: dto.tenantId, name: 'saga' });
    if (dto.failAt === 'afterInsert') throw new Error('boom after insert: SELECT secret FROM internals');
    for (const system of ['a', 'b'] as const) {
      await this.compensations.register('test.remote.delete', { system, key: dto.tenantId });
      await remotes[system].put(dto.tenantId);
      if (dto.failAt === (system === 'a' ? 'afterFirstCall' : 'afterSecondCall'))
        throw new Error(`boom after ${system}`);
    }
    if (dto.failAt === 'hang') {
      if (this.txHost.tx.connection.options.type !== 'better-sqlite3') {
        const [row] = await this.txHost.tx.query('SELECT CONNECTION_ID() AS id');
        gate.connectionId = Number(row.id);
      }
      await new Promise<void>((resolve, reject) => {
        gate.release = (error) => (error ? reject(error) : resolve());
        gate.reached?.();
      });
    }
    return { ok: true };
  }
}

@Module({ controllers: [SagaController] })
export class SagaFixtureModule implements OnModuleInit {
  constructor(private readonly undos: UndoHandlers) {}

  onModuleInit(): void {
    this.undos.register('test.remote.delete', async ({ system, key }) => {
      undoLog.push(`${system}:${key}`);
      await remotes[system as 'a' | 'b'].delete(String(key));
    });
  }
}
