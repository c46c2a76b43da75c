import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { Role } from '../../auth/role.enum';

export class CreateUserDto {
  /**
   * Unique within the tenant; compared case-insensitively. Names starting with `device_` belong to
   * device users (`device_<id>`), so an email may not.
   */
  @IsEmail()
  @MaxLength(254)
  @Matches(/^(?!device_)/i, { message: "email may not start with device_ (the device users' prefix)" })
  email: string;

  /** 10 to 256 characters. Stored as an argon2id hash, never returned. */
  @IsString()
  @Length(10, 256)
  password: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(12)
  @IsEnum(Role, { each: true })
  roles: Role[];
}
