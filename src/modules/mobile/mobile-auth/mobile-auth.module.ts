import { Module } from '@nestjs/common';

/** Mobile users, phones, licence, mobile login, tokens, registration and password. */
@Module({})
export class MobileAuthModule {}
