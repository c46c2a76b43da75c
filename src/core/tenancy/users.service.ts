import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { PhoneSessions } from '../auth/phone-sessions';
import type { Principal } from '../auth/principal';
import { RefreshTokensRepository } from '../auth/refresh-tokens.repository';
import { Role } from '../auth/role.enum';
import { isUniqueViolation } from '../database/database-errors';
import { PlatformException } from '../http/app.exception';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import { UserEntity } from './entities/user.entity';
import { MANAGEMENT_TENANT, TenantsService } from './tenants.service';
import { UsersRepository } from './users.repository';

/** A user holding one of these (TENANT_ADMIN holds both mobile roles) may use the Primis mobile API. */
const MOBILE_ROLES: readonly Role[] = [Role.MOBILE_USER, Role.MOBILE_ADMIN, Role.TENANT_ADMIN];

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tenants: TenantsService,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly audit: AuditService,
    private readonly phoneSessions: PhoneSessions,
  ) {}

  async create(tenantId: string, dto: CreateUserDto, caller: Principal): Promise<UserEntity> {
    await this.tenants.get(tenantId);
    this.checkGrant(tenantId, dto.roles, caller);
    const now = new Date();
    const user = Object.assign(new UserEntity(), {
      id: randomUUID(),
      tenantId,
      email: dto.email.toLowerCase(),
      passwordHash: await this.hasher.hash(dto.password),
      roles: dto.roles,
      createdAt: now,
      updatedAt: now,
    });
    await this.saveUnique(() => this.users.insert(user), user.email);
    this.audit.describe({ target: user.id });
    return user;
  }

  async get(tenantId: string, id: string): Promise<UserEntity> {
    const user = await this.users.findById(tenantId, id);
    if (!user) throw PlatformException.notFound('user');
    return user;
  }

  /** The tenant's user with this email (compared lowercased), if any. */
  findByEmail(tenantId: string, email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(tenantId, email.toLowerCase());
  }

  async list(tenantId: string, skip: number, take: number): Promise<UserEntity[]> {
    await this.tenants.get(tenantId);
    return this.users.list(tenantId, skip, take);
  }

  async update(tenantId: string, id: string, dto: UpdateUserDto, caller: Principal): Promise<UserEntity> {
    const user = await this.get(tenantId, id);
    this.checkGrant(tenantId, user.roles, caller); // a tenant admin may not edit a system admin
    if (dto.roles) this.checkGrant(tenantId, dto.roles, caller);
    const changes: Partial<UserEntity> = { updatedAt: new Date() };
    if (dto.email) changes.email = dto.email.toLowerCase();
    if (dto.roles) changes.roles = dto.roles;
    if (dto.password) changes.passwordHash = await this.hasher.hash(dto.password);
    await this.saveUnique(() => this.users.update(tenantId, id, changes), changes.email ?? user.email);
    // A new password ends every session: refresh tokens issued before it stop working (access tokens
    // stop on their own: they carry a stamp of the old hash, CredentialsVerifier.credentialStamp).
    if (dto.password) await this.refreshTokens.deleteForUser(id);
    // Without a mobile role it leaves the Primis mobile API: its phones free their licence places.
    if (dto.roles && !dto.roles.some((role) => MOBILE_ROLES.includes(role)))
      await this.phoneSessions.forgetUser(tenantId, id);
    return Object.assign(user, changes);
  }

  async delete(tenantId: string, id: string, caller: Principal): Promise<void> {
    const user = await this.get(tenantId, id);
    if (user.id === caller.userId) throw PlatformException.conflict('you cannot delete your own user');
    this.checkGrant(tenantId, user.roles, caller);
    await this.refreshTokens.deleteForUser(id);
    await this.phoneSessions.forgetUser(tenantId, id); // a mobile user's phones and their licence places
    await this.users.delete(tenantId, id);
  }

  /** SYSTEM_ADMIN exists only in the management tenant and only a system admin grants or touches it. */
  private checkGrant(tenantId: string, roles: readonly Role[], caller: Principal): void {
    if (!roles.includes(Role.SYSTEM_ADMIN)) return;
    if (!caller.isSystemAdmin)
      throw PlatformException.forbidden('only a system administrator may grant SYSTEM_ADMIN');
    if (tenantId !== MANAGEMENT_TENANT)
      throw PlatformException.badRequest(`SYSTEM_ADMIN belongs only to the "${MANAGEMENT_TENANT}" tenant`);
  }

  private async saveUnique(save: () => Promise<void>, email: string): Promise<void> {
    try {
      await save();
    } catch (error) {
      if (isUniqueViolation(error))
        throw PlatformException.conflict(`a user with email ${email} already exists in this tenant`);
      throw error;
    }
  }
}
