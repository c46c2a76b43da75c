import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Role } from '../auth/role.enum';
import { leanQuery } from '../database/lean-query';
import { UserEntity } from './entities/user.entity';

/** The columns authentication needs, read without entity hydration (hot path, rule 8). */
export interface UserCredentials {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string;
  roles: Role[];
}

const CREDENTIALS = 'SELECT id, tenant_id, email, password_hash, roles FROM users';

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

  // Both `then`, not async functions: every authenticated request comes here, and each async frame is
  // one promise more for the request context's hooks to follow (issue 12).

  /** Every user with this email (one per tenant at most), for Basic login without a tenant prefix. */
  credentialsByEmail(email: string, tenantId?: string): Promise<UserCredentials[]> {
    const byTenant = tenantId === undefined ? '' : ' AND tenant_id = ?';
    const parameters = tenantId === undefined ? [email] : [email, tenantId];
    return leanQuery<CredentialsRow>(
      this.txHost.tx,
      `${CREDENTIALS} WHERE email = ?${byTenant} LIMIT 10`,
      parameters,
    ).then(({ records }) => records.map(toCredentials));
  }

  credentialsById(userId: string): Promise<UserCredentials | undefined> {
    return leanQuery<CredentialsRow>(this.txHost.tx, `${CREDENTIALS} WHERE id = ?`, [userId]).then(
      ({ records }) => records[0] && toCredentials(records[0]),
    );
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
