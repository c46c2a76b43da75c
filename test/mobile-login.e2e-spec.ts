import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  bearer,
  loginPhone,
  mobileLogin,
  phoneCount,
  platformMobileUser,
  setLicence,
} from './support/mobile.fixture';
import { accessGroup, area, beacon, groupAreas, insertRows, site } from './support/mobile-site-model';
import { ADMIN_AUTH, basic, startTestApp, type TestApp, tenantUser } from './support/test-app';

const LICENCE_MESSAGE =
  'Unable to register mobile device due to licensing, please contact system administrator.';
const PASSWORD_MESSAGE =
  'Password must be at least one number, one lowercase, one uppercase letter and at least six characters';
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
/** The spec's login body for alice (an admin) on this phone, without the refresh token. */
const aliceSession = (phoneId: string) => ({
  registered: true,
  isAdmin: true,
  email: 'alice@mob.test',
  beacon: '{"enabled":false}',
  jwt: expect.any(String),
  'phone-id': phoneId,
  status: 'ok',
  zoneAccess: 0,
});
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));

describe('Primis mobile login, tokens, registration and password', () => {
  let t: TestApp;
  let alice: Awaited<ReturnType<typeof platformMobileUser>>;
  let bob: Awaited<ReturnType<typeof platformMobileUser>>;
  const tokenLogin = (jwt: string, phoneId: string) =>
    t.http.post('/api/mobile/access_token/login').set('authorization', bearer(jwt)).send({ phoneId });
  const renew = (refreshToken: string) =>
    t.http.post('/api/mobile/access_token').set('authorization', bearer(refreshToken)).send({});
  const deregister = (auth: string, phoneId: string) =>
    t.http.delete('/api/mobile/registration').set('authorization', auth).send({ phoneId });
  const changePassword = (auth: string, newPassword: unknown) =>
    t.http.post('/api/mobile/password').set('authorization', auth).send({ newPassword });

  beforeAll(async () => {
    // The login flood limit gets its own instance below; here the concurrency tests need room.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    await tenantUser(t.http, 'mob', ['TENANT_ADMIN']);
    await tenantUser(t.http, 'mob-other', ['TENANT_ADMIN']);
    alice = await platformMobileUser(t.http, 'mob', 'alice@mob.test', true);
    bob = await platformMobileUser(t.http, 'mob', 'bob@mob.test');
  }, 60_000);
  afterAll(() => t.close());

  describe('POST /api/mobile/login', () => {
    it("registers the phone and answers the spec's body with HS256 tokens bound to it", async () => {
      const response = await mobileLogin(t.http, alice.auth, 'PHONE-A1');
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ ...aliceSession('PHONE-A1'), refreshToken: expect.any(String) });
      expect(headerOf(response.body.jwt)).toEqual({ alg: 'HS256', typ: 'JWT' });
      const claims = claimsOf(response.body.jwt);
      expect(claims).toMatchObject({ sub: alice.id, tid: 'mob', typ: 'access', phn: 'PHONE-A1' });
      expect(claims.exp - claims.iat).toBe(t.config.accessTokenTtlSeconds);
      expect(claimsOf(response.body.refreshToken)).toMatchObject({
        typ: 'refresh',
        phn: 'PHONE-A1',
        fam: claims.sid,
      });
      expect(await phoneCount(t.http, 'mob')).toBe(1);
    });

    it('takes tenantId/email, and a plain user is no admin', async () => {
      const response = await mobileLogin(t.http, basic('mob/BOB@mob.test', bob.password), 'PHONE-B1');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ isAdmin: false, email: 'bob@mob.test', 'phone-id': 'PHONE-B1' });
    });

    it('refuses wrong credentials, no credentials and non-mobile users in the Primis shape', async () => {
      const wrong = await mobileLogin(t.http, basic(alice.email, 'Wrong-password-1'), 'PHONE-X');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ status: 401, message: 'Incorrect email or password' });
      const none = await t.http.post('/api/mobile/login').send({ phoneId: 'PHONE-X' });
      expect(none.body).toEqual({ status: 401, message: 'Incorrect email or password' });
      const platform = await tenantUser(t.http, 'mob', ['ACCESS_DEVICE_ADMIN']);
      const notMobile = await mobileLogin(t.http, platform.auth, 'PHONE-X');
      expect(notMobile.status).toBe(403);
      expect(notMobile.body).toEqual({ status: 403, message: 'The user is not a Primis mobile user' });
      expect(await phoneCount(t.http, 'mob')).toBe(2);
    });

    it('refuses a missing, empty, non-string or too long phoneId with a 400 in the Primis shape', async () => {
      for (const body of [{}, { phoneId: '' }, { phoneId: 7 }, { phoneId: 'x'.repeat(201) }]) {
        const response = await t.http.post('/api/mobile/login').set('authorization', alice.auth).send(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ status: 400, message: expect.stringContaining('phoneId') });
      }
    });

    it('ignores properties the spec does not name, as Primis does: no 400, the login as without them', async () => {
      const count = await phoneCount(t.http, 'mob');
      const response = await t.http
        .post('/api/mobile/login')
        .set('authorization', alice.auth)
        .send({ phoneId: 'PHONE-A1', appVersion: '4.2', device: { os: 'ios' } });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ ...aliceSession('PHONE-A1'), refreshToken: expect.any(String) });
      expect(await phoneCount(t.http, 'mob')).toBe(count);
    });

    it("refuses a phone registered to another user of the tenant (409), but not another tenant's", async () => {
      const taken = await mobileLogin(t.http, bob.auth, 'PHONE-A1');
      expect(taken.status).toBe(409);
      expect(taken.body).toEqual({
        status: 409,
        message: 'The mobile device is registered to another user: deregister it first',
      });
      const elsewhere = await platformMobileUser(t.http, 'mob-other', 'carol@other.test');
      expect((await mobileLogin(t.http, elsewhere.auth, 'PHONE-A1')).status).toBe(201);
      expect(await phoneCount(t.http, 'mob-other')).toBe(1);
    });

    it('a new login on the same phone starts a new session: the old tokens stop, nothing more is counted', async () => {
      const first = await loginPhone(t.http, bob.auth, 'PHONE-B2');
      const count = await phoneCount(t.http, 'mob');
      const second = await loginPhone(t.http, bob.auth, 'PHONE-B2');
      expect(await phoneCount(t.http, 'mob')).toBe(count);
      expect((await tokenLogin(first.jwt, 'PHONE-B2')).status).toBe(401);
      expect((await renew(first.refreshToken)).status).toBe(401);
      expect((await tokenLogin(second.jwt, 'PHONE-B2')).status).toBe(201);
    });
  });

  describe('licence', () => {
    const phonesInDatabase = async (tenantId: string) => {
      const rows = await t.app
        .get(DataSource)
        .query('SELECT COUNT(*) AS n FROM mobile_phones WHERE tenant_id = ?', [tenantId]);
      return Number(rows[0].n);
    };
    const expectLicenceRefusal = (response: { status: number; body: unknown }) => {
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ status: 400, message: LICENCE_MESSAGE });
    };

    it('holds per user and in total; null lifts a limit; deregistration gives the place back', async () => {
      await tenantUser(t.http, 'lic', ['TENANT_ADMIN']);
      const dave = await platformMobileUser(t.http, 'lic', 'dave@lic.test');
      const fay = await platformMobileUser(t.http, 'lic', 'fay@lic.test');
      expect(
        (await setLicence(t.http, 'lic', { mobilePhonesPerUser: 2, mobilePhonesTotal: 3 })).body,
      ).toMatchObject({
        mobilePhonesPerUser: 2,
        mobilePhonesTotal: 3,
        mobilePhoneCount: 0,
      });
      await loginPhone(t.http, dave.auth, 'D1');
      await loginPhone(t.http, dave.auth, 'D2');
      expectLicenceRefusal(await mobileLogin(t.http, dave.auth, 'D3'));
      await loginPhone(t.http, dave.auth, 'D1'); // a registered phone logs in again
      await loginPhone(t.http, fay.auth, 'F1');
      expectLicenceRefusal(await mobileLogin(t.http, fay.auth, 'F2')); // the tenant's 3 are taken
      expect(await phoneCount(t.http, 'lic')).toBe(3);
      await t.http.delete('/api/mobile/registration').set('authorization', dave.auth).send({ phoneId: 'D2' });
      await loginPhone(t.http, fay.auth, 'F2');
      expect(
        (await setLicence(t.http, 'lic', { mobilePhonesPerUser: null, mobilePhonesTotal: null })).body,
      ).toMatchObject({
        mobilePhonesPerUser: null,
        mobilePhonesTotal: null,
        mobilePhoneCount: 3,
      });
      await loginPhone(t.http, dave.auth, 'D3');
      await loginPhone(t.http, dave.auth, 'D4');
      // Lowered below what dave has: his phones stay, a new one is refused.
      await setLicence(t.http, 'lic', { mobilePhonesPerUser: 1 });
      expectLicenceRefusal(await mobileLogin(t.http, dave.auth, 'D5'));
      await loginPhone(t.http, dave.auth, 'D4');
      expect(await phoneCount(t.http, 'lic')).toBe(5);
      expect(await phonesInDatabase('lic')).toBe(5);
    });

    it('refuses a licence below zero, above the maximum or not a number (problem+json)', async () => {
      for (const licence of [
        { mobilePhonesPerUser: -1 },
        { mobilePhonesTotal: 10_000_001 },
        { mobilePhonesTotal: '5' },
      ]) {
        const response = await setLicence(t.http, 'lic', licence as object);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ code: 'validation_failed' });
      }
    });

    it('20 concurrent logins of one user on two instances against a per-user limit of 5: exactly 5 phones', async () => {
      await tenantUser(t.http, 'lic-user', ['TENANT_ADMIN']);
      const gina = await platformMobileUser(t.http, 'lic-user', 'gina@lic.test');
      await setLicence(t.http, 'lic-user', { mobilePhonesPerUser: 5 });
      const other = request(
        (await t.startAnotherInstance({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' })).getHttpServer(),
      );
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => mobileLogin(i % 2 ? other : t.http, gina.auth, `G${i}`)),
      );
      expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
      for (const refused of responses.filter((response) => response.status !== 201))
        expectLicenceRefusal(refused);
      expect(await phoneCount(t.http, 'lic-user')).toBe(5);
      expect(await phonesInDatabase('lic-user')).toBe(5);
    }, 60_000);

    it('20 concurrent logins of four users against a total of 5: exactly 5 phones', async () => {
      await tenantUser(t.http, 'lic-total', ['TENANT_ADMIN']);
      const users: Awaited<ReturnType<typeof platformMobileUser>>[] = [];
      for (const name of ['h', 'i', 'j', 'k'])
        users.push(await platformMobileUser(t.http, 'lic-total', `${name}@lic.test`));
      await setLicence(t.http, 'lic-total', { mobilePhonesTotal: 5 });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => mobileLogin(t.http, users[i % 4].auth, `T${i}`)),
      );
      expect(responses.filter((response) => response.status === 201)).toHaveLength(5);
      for (const refused of responses.filter((response) => response.status !== 201))
        expectLicenceRefusal(refused);
      expect(await phoneCount(t.http, 'lic-total')).toBe(5);
      expect(await phonesInDatabase('lic-total')).toBe(5);
    }, 60_000);
  });

  describe('login floods', () => {
    it('answer 429 per account and address, counted across instances, in the Primis shape', async () => {
      const flood = await platformMobileUser(t.http, 'mob', 'flood@mob.test');
      const bystander = await platformMobileUser(t.http, 'mob', 'bystander@mob.test');
      const env = { LOGIN_RATE_LIMIT_PER_MINUTE: '3' };
      const [one, two] = [
        request((await t.startAnotherInstance(env)).getHttpServer()),
        request((await t.startAnotherInstance(env)).getHttpServer()),
      ];
      expect((await mobileLogin(one, flood.auth, 'FL1')).status).toBe(201);
      expect((await mobileLogin(two, basic(flood.email, 'Wrong-password-1'), 'FL1')).status).toBe(401);
      expect((await mobileLogin(one, basic(`mob/${flood.email}`, flood.password), 'FL1')).status).toBe(201);
      const blocked = await mobileLogin(two, flood.auth, 'FL1');
      expect(blocked.status).toBe(429);
      expect(blocked.body).toEqual({ status: 429, message: 'Too many login attempts, retry later' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await mobileLogin(one, bystander.auth, 'BY1')).status).toBe(201);
    }, 60_000);
  });

  describe('POST /api/mobile/access_token/login', () => {
    it("answers the spec's body with a new access token for the token's own phone", async () => {
      const session = await loginPhone(t.http, alice.auth, 'PHONE-A2');
      const response = await tokenLogin(session.jwt, 'PHONE-A2');
      expect(response.status).toBe(201);
      expect(response.body).toEqual(aliceSession('PHONE-A2'));
      expect(claimsOf(response.body.jwt)).toMatchObject({ phn: 'PHONE-A2', sid: claimsOf(session.jwt).sid });
      expect((await tokenLogin(response.body.jwt, 'PHONE-A2')).status).toBe(201);
    });

    it("refuses another phone's id, Basic, a refresh token and no token", async () => {
      const session = await loginPhone(t.http, alice.auth, 'PHONE-A3');
      const other = await tokenLogin(session.jwt, 'PHONE-A1');
      expect(other.status).toBe(401);
      expect(other.body).toEqual({ status: 401, message: 'Invalid access token' });
      const viaBasic = await t.http
        .post('/api/mobile/access_token/login')
        .set('authorization', alice.auth)
        .send({ phoneId: 'PHONE-A3' });
      expect(viaBasic.body).toEqual({ status: 401, message: 'Invalid access token' });
      const refresh = await tokenLogin(session.refreshToken, 'PHONE-A3');
      expect(refresh.status).toBe(401);
      expect(refresh.body).toEqual({ status: 401, message: expect.any(String) });
      const none = await t.http.post('/api/mobile/access_token/login').send({ phoneId: 'PHONE-A3' });
      expect(none.status).toBe(401);
      expect(Object.keys(none.body).sort()).toEqual(['message', 'status']);
    });

    it('refuses expired, forged, other-algorithm and other-tenant tokens (401, Primis shape)', async () => {
      const session = await loginPhone(t.http, alice.auth, 'PHONE-A4');
      const claims = claimsOf(session.jwt);
      const { iat: _iat, exp: _exp, iss: _iss, aud: _aud, ...body } = claims;
      const options = { issuer: 'device-gateway', audience: 'device-gateway' };
      const secret = t.config.jwtSecret;
      const forged = {
        expired: sign({ ...body, exp: Math.floor(Date.now() / 1000) - 10 }, secret, {
          ...options,
          algorithm: 'HS256',
        }),
        otherKey: sign(body, 'not-the-secret-not-the-secret-not-the-secret', {
          ...options,
          algorithm: 'HS256',
        }),
        otherAlgorithm: sign(body, secret, { ...options, algorithm: 'HS512' }),
        otherTenant: sign({ ...body, tid: 'mob-other' }, secret, { ...options, algorithm: 'HS256' }),
        otherSession: sign({ ...body, sid: '00000000-0000-4000-8000-000000000000' }, secret, {
          ...options,
          algorithm: 'HS256',
        }),
        none: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
      };
      for (const [name, token] of Object.entries(forged)) {
        const response = await tokenLogin(token, 'PHONE-A4');
        expect([name, response.status]).toEqual([name, 401]);
        expect(response.body).toEqual({ status: 401, message: expect.any(String) });
      }
      // The genuine one still works: only the forgeries were refused.
      expect((await tokenLogin(session.jwt, 'PHONE-A4')).status).toBe(201);
    });
  });

  describe('POST /api/mobile/access_token', () => {
    it('renews the access token and rotates the refresh token', async () => {
      const session = await loginPhone(t.http, bob.auth, 'PHONE-B3');
      const response = await renew(session.refreshToken);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        jwt: expect.any(String),
        status: 'ok',
        email: 'bob@mob.test',
        'phone-id': 'PHONE-B3',
        refreshToken: expect.any(String),
      });
      expect((await tokenLogin(response.body.jwt, 'PHONE-B3')).status).toBe(201);
      expect((await renew(response.body.refreshToken)).status).toBe(201);
    });

    it("a refresh token used twice ends the phone's session: its newer tokens stop too", async () => {
      const session = await loginPhone(t.http, bob.auth, 'PHONE-B4');
      const renewed = (await renew(session.refreshToken)).body;
      const replay = await renew(session.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body).toEqual({ status: 401, message: 'Invalid refresh token' });
      expect((await tokenLogin(renewed.jwt, 'PHONE-B4')).status).toBe(401);
      expect((await renew(renewed.refreshToken)).status).toBe(401);
      // Still registered (the licence place is kept): a Basic login starts a new session.
      expect((await loginPhone(t.http, bob.auth, 'PHONE-B4')).jwt).toBeDefined();
    });

    it("refuses an access token, a platform refresh token, garbage and no token; the platform's refresh route refuses a phone's", async () => {
      const session = await loginPhone(t.http, bob.auth, 'PHONE-B5');
      const platform = await t.http.post('/api/v1/auth/login').set('authorization', bob.auth);
      for (const token of [session.jwt, platform.body.refreshToken, 'garbage']) {
        const response = await renew(token);
        expect(response.status).toBe(401);
        expect(response.body).toEqual({ status: 401, message: 'Invalid refresh token' });
      }
      expect((await t.http.post('/api/mobile/access_token').send({})).body).toEqual({
        status: 401,
        message: 'Invalid refresh token',
      });
      const crossed = await t.http
        .post('/api/v1/auth/refresh')
        .set('authorization', bearer(session.refreshToken));
      expect(crossed.status).toBe(401);
      expect((await renew(session.refreshToken)).status).toBe(201); // the refusal did not use it up
    });
  });

  describe('DELETE /api/mobile/registration', () => {
    it("with Bearer: the phone's tokens stop at once and its place is free", async () => {
      const session = await loginPhone(t.http, bob.auth, 'PHONE-B6');
      const count = await phoneCount(t.http, 'mob');
      const response = await deregister(bearer(session.jwt), 'PHONE-B6');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
      expect(await phoneCount(t.http, 'mob')).toBe(count - 1);
      expect((await tokenLogin(session.jwt, 'PHONE-B6')).status).toBe(401);
      expect((await renew(session.refreshToken)).body).toEqual({
        status: 401,
        message: 'Invalid refresh token',
      });
      // On the platform's routes too: a phone-bound token stops everywhere.
      expect((await t.http.get('/api/v1/tenants/mob').set('authorization', bearer(session.jwt))).status).toBe(
        401,
      );
    });

    it("with Basic; an unknown phone, another user's and another tenant's are 404", async () => {
      await loginPhone(t.http, bob.auth, 'PHONE-B7');
      for (const phoneId of ['PHONE-NONE', 'PHONE-A1']) {
        const response = await deregister(bob.auth, phoneId);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({
          status: 404,
          message: 'The mobile device is not registered to this user',
        });
      }
      expect((await deregister(bob.auth, 'PHONE-B7')).body).toEqual({ status: 'ok' });
      expect((await deregister(bob.auth, 'PHONE-B7')).status).toBe(404);
      expect((await deregister(basic(bob.email, 'Wrong-password-1'), 'PHONE-B7')).status).toBe(401);
    });
  });

  describe('POST /api/mobile/password', () => {
    it("applies the spec's rule with its message, and the platform's length", async () => {
      for (const bad of ['password1234', 'PASSWORD1234', 'PasswordOnly', 'Pa1', 42, undefined]) {
        const response = await changePassword(bob.auth, bad);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ status: 400, message: PASSWORD_MESSAGE });
      }
      const short = await changePassword(bob.auth, 'Passw0rd');
      expect(short.body).toEqual({ status: 400, message: 'Password must be between 10 and 256 characters' });
    });

    it('changes it: the old password stops, every phone session ends, the new password logs in', async () => {
      const user = await platformMobileUser(t.http, 'mob', 'erin@mob.test');
      const phone = await loginPhone(t.http, user.auth, 'PHONE-E1');
      const response = await changePassword(bearer(phone.jwt), 'Password1234');
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ status: 'ok', message: 'Password successfully updated' });
      expect((await tokenLogin(phone.jwt, 'PHONE-E1')).status).toBe(401);
      expect((await renew(phone.refreshToken)).status).toBe(401);
      expect((await mobileLogin(t.http, user.auth, 'PHONE-E1')).status).toBe(401);
      expect((await mobileLogin(t.http, basic(user.email, 'Password1234'), 'PHONE-E1')).status).toBe(201);
    });
  });

  describe('the beacon configuration in the login answers', () => {
    const UUID_A = '0a7826da-4fa2-4e98-8024-bc5b71e0893e';
    const UUID_B = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
    const UUID_UNUSED = '11111111-2222-4333-8444-555555555555';

    it("names the beacon UUIDs of the areas the user's access groups hold, with geolocation enabled", async () => {
      const carol = await platformMobileUser(t.http, 'mob', 'carol@mob.test');
      const dave = await platformMobileUser(t.http, 'mob', 'dave@mob.test');
      await insertRows(t.app, 'mobile_sites', [site('mob', 'hq', 'UTC')]);
      await insertRows(t.app, 'mobile_beacons', [
        beacon('mob', 'b1', UUID_B, 1, 1),
        beacon('mob', 'b2', UUID_A, 1, 2),
        beacon('mob', 'b3', UUID_B, 1, 3),
        beacon('mob', 'b-off', UUID_UNUSED, 1, 4),
        beacon('mob', 'b-other', UUID_UNUSED, 1, 5),
      ]);
      await insertRows(t.app, 'mobile_controlled_areas', [
        area('mob', 'hq', 'Z1', 'Front', { beacon: 'b1' }),
        area('mob', 'hq', 'Z2', 'Back', { beacon: 'b2' }),
        area('mob', 'hq', 'Z3', 'Side', { beacon: 'b3' }),
        area('mob', 'hq', 'Z-GPS', 'Yard', {
          gps: { latitude: 1, longitude: 1, radius: 10, unit: 'meters' },
        }),
        area('mob', 'hq', 'Z-OFF', 'Geolocation off', { beacon: 'b-off', geo: false }),
        area('mob', 'hq', 'Z-OTHER', 'Not in her groups', { beacon: 'b-other' }),
      ]);
      await insertRows(t.app, 'mobile_access_groups', [
        accessGroup('mob', 'hq', 1, 'Staff'),
        accessGroup('mob', 'hq', 2, 'Night'),
        accessGroup('mob', 'hq', 3, 'Others'),
      ]);
      await insertRows(
        t.app,
        'mobile_access_group_areas',
        groupAreas('mob', [
          [1, 'Z1'],
          [1, 'Z2'],
          [1, 'Z-GPS'],
          [2, 'Z3'],
          [2, 'Z-OFF'],
          [3, 'Z-OTHER'],
        ]),
      );
      await insertRows(t.app, 'mobile_user_access_groups', [
        { tenant_id: 'mob', user_id: carol.id, access_group_id: 1 },
        { tenant_id: 'mob', user_id: carol.id, access_group_id: 2 },
        { tenant_id: 'mob', user_id: dave.id, access_group_id: 1 },
      ]);
      const expected = { enabled: true, uuid: UUID_A, uuids: [UUID_A, UUID_B] };

      const login = await mobileLogin(t.http, carol.auth, 'PHONE-C1');
      expect(login.status).toBe(201);
      expect(JSON.parse(login.body.beacon)).toEqual(expected);
      const again = await tokenLogin(login.body.jwt, 'PHONE-C1');
      expect(JSON.parse(again.body.beacon)).toEqual(expected);
      // Dave's one group holds two areas with beacons, then loses them: the next login says so.
      const daveLogin = await mobileLogin(t.http, dave.auth, 'PHONE-D1');
      expect(JSON.parse(daveLogin.body.beacon)).toEqual(expected);
      await t.app.get(DataSource).query('DELETE FROM mobile_user_access_groups WHERE user_id = ?', [dave.id]);
      const daveAgain = await tokenLogin(daveLogin.body.jwt, 'PHONE-D1');
      expect(daveAgain.body.beacon).toBe('{"enabled":false}');
    });
  });

  it('a platform user without a mobile role is 403 on the mobile routes', async () => {
    const platform = await tenantUser(t.http, 'mob', ['ADMISSION_READ']);
    const response = await changePassword(platform.auth, 'Password1234');
    expect(response.status).toBe(403);
    expect(Object.keys(response.body).sort()).toEqual(['message', 'status']);
    expect((await t.http.get('/api/v1/tenants/mob').set('authorization', ADMIN_AUTH)).status).toBe(200);
  });
});
