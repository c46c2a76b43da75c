import type TestAgent from 'supertest/lib/agent';
import { ADMIN_AUTH, basic } from './test-app';

/** A phone's login answer, as the mobile app keeps it. */
export interface PhoneSession {
  jwt: string;
  refreshToken: string;
  phoneId: string;
}

export const bearer = (token: string): string => `Bearer ${token}`;

export const mobileLogin = (http: TestAgent, auth: string, phoneId: string) =>
  http.post('/api/mobile/login').set('authorization', auth).send({ phoneId });

/** Logs a phone in and returns its tokens; throws unless the login succeeded. */
export async function loginPhone(http: TestAgent, auth: string, phoneId: string): Promise<PhoneSession> {
  const response = await mobileLogin(http, auth, phoneId);
  if (response.status !== 201) throw new Error(`mobile login: ${response.status} ${response.text}`);
  return { jwt: response.body.jwt, refreshToken: response.body.refreshToken, phoneId };
}

export const setLicence = (
  http: TestAgent,
  tenantId: string,
  licence: { mobilePhonesPerUser?: number | null; mobilePhonesTotal?: number | null },
) => http.patch(`/api/v1/tenants/${tenantId}`).set('authorization', ADMIN_AUTH).send(licence);

export async function phoneCount(http: TestAgent, tenantId: string): Promise<number> {
  const { body } = await http.get(`/api/v1/tenants/${tenantId}`).set('authorization', ADMIN_AUTH);
  return body.mobilePhoneCount as number;
}

/** A mobile user through the platform's user API (the mobile-users API is tested on its own). */
export async function platformMobileUser(http: TestAgent, tenantId: string, email: string, admin = false) {
  const password = 'Mobile-password-1';
  const roles = admin ? ['MOBILE_USER', 'MOBILE_ADMIN'] : ['MOBILE_USER'];
  const response = await http
    .post(`/api/v1/tenants/${tenantId}/users`)
    .set('authorization', ADMIN_AUTH)
    .send({ email, password, roles });
  if (response.status !== 201) throw new Error(`user: ${response.status} ${response.text}`);
  return { id: response.body.id as string, email, password, auth: basic(email, password) };
}
