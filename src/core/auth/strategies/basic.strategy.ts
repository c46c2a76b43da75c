import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy as PassportBasic } from 'passport-http';
import { CredentialsVerifier } from '../credentials-verifier';
import type { Principal } from '../principal';

/** HTTP Basic on every protected route (Genetec, Cumulocity and APIO clients send it). */
@Injectable()
export class BasicStrategy extends PassportStrategy(PassportBasic, 'basic') {
  constructor(private readonly verifier: CredentialsVerifier) {
    super();
  }

  async validate(username: string, password: string): Promise<Principal | false> {
    const result = await this.verifier.verify(username, password);
    return result.ok ? result.principal : false;
  }
}
