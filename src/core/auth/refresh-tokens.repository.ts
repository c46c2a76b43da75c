import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, IsNull, MoreThan } from 'typeorm';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(RefreshTokenEntity);
  }

  async insert(token: Pick<RefreshTokenEntity, 'id' | 'familyId' | 'userId' | 'expiresAt'>): Promise<void> {
    await this.repository.insert({ ...token, usedAt: null, revokedAt: null });
  }

  /** True only for the one caller that turns an unused, unrevoked, unexpired token into a used one. */
  async markUsed(id: string): Promise<boolean> {
    const now = new Date();
    const result = await this.repository.update(
      { id, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) },
      { usedAt: now },
    );
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.repository.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.repository.delete({ userId });
  }

  /** Ends the sessions of these principals (device users whose password changed). */
  async deleteForUsers(userIds: readonly string[]): Promise<void> {
    if (userIds.length > 0) await this.repository.delete({ userId: In([...userIds]) });
  }
}
