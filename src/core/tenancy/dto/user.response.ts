import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../auth/role.enum';
import type { UserEntity } from '../entities/user.entity';

/** A user as the API shows it: never the password or its hash. */
export class UserResponse {
  id: string;
  tenantId: string;
  email: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true })
  roles: Role[];
  createdAt: Date;

  static from({ id, tenantId, email, roles, createdAt }: UserEntity): UserResponse {
    return Object.assign(new UserResponse(), { id, tenantId, email, roles, createdAt });
  }
}
