import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Role } from '../auth/role.enum';
import { UserEntity } from './entities/user.entity';

/** The columns authentication needs, read without entity hydration (hot path, rule 8). */
export interface UserCredentials {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string;
  roles: Role[];
}

interface CredentialsRow {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string;
  roles: string;
}

/** Users, always scoped by tenant; every query goes through the request's transaction. */
@Injectable()
export class UsersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(UserEntity);
  }

  /** Every user with this email (one per tenant at most), for Basic login without a tenant prefix. */
  async credentialsByEmail(email: string, tenantId?: string): Promise<UserCredentials[]> {
    const query = this.credentialsQuery().where('u.email = :email', { email });
    if (tenantId !== undefined) query.andWhere('u.tenant_id = :tenantId', { tenantId });
    const rows = await query.limit(10).getRawMany<CredentialsRow>();
    return rows.map(toCredentials);
  }

  async credentialsById(userId: string): Promise<UserCredentials | undefined> {
    const row = await this.credentialsQuery().where('u.id = :userId', { userId }).getRawOne<CredentialsRow>();
    return row && toCredentials(row);
  }

  findById(tenantId: string, id: string): Promise<UserEntity | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  findByEmail(tenantId: string, email: string): Promise<UserEntity | null> {
    return this.repository.findOneBy({ tenantId, email });
  }

  list(tenantId: string, skip: number, take: number): Promise<UserEntity[]> {
    return this.repository.find({ where: { tenantId }, order: { email: 'ASC' }, skip, take });
  }

  count(tenantId: string): Promise<number> {
    return this.repository.countBy({ tenantId });
  }

  async insert(user: UserEntity): Promise<void> {
    await this.repository.insert(user);
  }

  async update(tenantId: string, id: string, changes: Partial<UserEntity>): Promise<void> {
    await this.repository.update({ tenantId, id }, changes);
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.repository.delete({ tenantId, id });
    return (result.affected ?? 0) > 0;
  }

  private credentialsQuery() {
    return this.txHost.tx
      .createQueryBuilder()
      .select([
        'u.id AS id',
        'u.tenant_id AS tenant_id',
        'u.email AS email',
        'u.password_hash AS password_hash',
        'u.roles AS roles',
      ])
      .from(UserEntity, 'u');
  }
}

function toCredentials(row: CredentialsRow): UserCredentials {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    passwordHash: row.password_hash,
    roles: row.roles.split(',').filter(Boolean) as Role[],
  };
}
