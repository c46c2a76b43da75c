import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../auth/password-hasher';
import { Role } from '../auth/role.enum';
import { exclusively } from '../database/sqlite-serializer';
import { isUniqueViolation } from '../database/database-errors';
import { retryOnDeadlock } from '../database/deadlock-retry';
import { TenantEntity } from './entities/tenant.entity';
import { UserEntity } from './entities/user.entity';
import { DEFAULT_ACTIVE_DEVICE_LIMIT, MANAGEMENT_TENANT } from './tenants.service';

/**
 * On an empty database: the built-in `management` tenant and its system administrator, from
 * ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated password printed once to stdout (never logged).
 * Safe when several instances start at once: the loser of the insert race does nothing. On a Galera
 * cluster two nodes' inserts meet at certification (deadlock 1213): the retry then finds the winner's row.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const users = this.dataSource.getRepository(UserEntity);
    if (await users.existsBy({ tenantId: MANAGEMENT_TENANT })) return;
    const generated = this.config.adminPassword === undefined;
    const password = this.config.adminPassword ?? randomBytes(18).toString('base64url');
    const now = new Date();
    try {
      await retryOnDeadlock(() =>
        exclusively(this.dataSource, () =>
          this.dataSource.transaction(async (manager) => {
            if (!(await manager.existsBy(TenantEntity, { id: MANAGEMENT_TENANT }))) {
              await manager.insert(TenantEntity, {
                id: MANAGEMENT_TENANT,
                name: 'Platform management',
                activeDeviceLimit: DEFAULT_ACTIVE_DEVICE_LIMIT,
                acceptedDeviceLimit: null,
                createdAt: now,
              });
            }
            await manager.insert(UserEntity, {
              id: randomUUID(),
              tenantId: MANAGEMENT_TENANT,
              email: this.config.adminEmail,
              passwordHash: await this.hasher.hash(password),
              roles: [Role.SYSTEM_ADMIN],
              createdAt: now,
              updatedAt: now,
            });
          }),
        ),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return; // another instance created it
      throw error;
    }
    this.logger.log(
      `created system administrator ${this.config.adminEmail} in tenant "${MANAGEMENT_TENANT}"`,
    );
    if (generated) {
      process.stdout.write(
        `\n  System administrator: ${this.config.adminEmail}\n  Generated password (shown once, set ADMIN_PASSWORD to choose it): ${password}\n\n`,
      );
    }
  }
}
