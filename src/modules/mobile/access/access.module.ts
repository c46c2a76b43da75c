import { Module } from '@nestjs/common';

/** The access decision engine and the mobile routes that use it. */
@Module({})
export class AccessModule {}
