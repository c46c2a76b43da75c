import { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { MobileCallerService } from './mobile-caller.service';
import type { MobilePhonesRepository } from './mobile-phones.repository';
import type { MobileProfilesRepository } from './mobile-profiles.repository';

describe('MobileCallerService', () => {
  const owners = new Map([['PHONE-1', 'user-1']]);
  const phones = { ownerOf: (_: string, phoneId: string) => Promise.resolve(owners.get(phoneId)) };
  const profiles = { zoneAccessOf: () => Promise.resolve(2) };
  const callers = new MobileCallerService(
    phones as unknown as MobilePhonesRepository,
    profiles as unknown as MobileProfilesRepository,
  );
  const user = (roles: Role[]) => new Principal('user-1', 'acme', 'ann@acme.test', roles);
  const status = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: { status: number }) => error.status,
    );

  it("gives the phone of a phone-bound token, and refuses another phone's id", async () => {
    const bound = user([Role.MOBILE_USER]).boundTo({ phoneId: 'PHONE-1', sessionId: 's' });
    expect(await callers.resolve(bound)).toEqual({
      tenantId: 'acme',
      userId: 'user-1',
      email: 'ann@acme.test',
      isAdmin: false,
      zoneAccess: 2,
      phoneId: 'PHONE-1',
    });
    expect((await callers.resolve(bound, 'PHONE-1')).phoneId).toBe('PHONE-1');
    expect(await status(callers.resolve(bound, 'PHONE-2'))).toBe(401);
  });

  it("with Basic: no phone, or one registered to the caller; another's or an unknown one is 404", async () => {
    const basic = user([Role.MOBILE_ADMIN]);
    expect((await callers.resolve(basic)).phoneId).toBeNull();
    expect(await callers.resolve(basic, 'PHONE-1')).toMatchObject({ phoneId: 'PHONE-1', isAdmin: true });
    owners.set('PHONE-3', 'user-2');
    expect(await status(callers.resolve(basic, 'PHONE-3'))).toBe(404);
    expect(await status(callers.resolve(basic, 'PHONE-9'))).toBe(404);
  });

  it('a tenant admin is a mobile admin; a platform user without a mobile role is refused (403)', async () => {
    expect((await callers.resolve(user([Role.TENANT_ADMIN]))).isAdmin).toBe(true);
    expect(await status(callers.resolve(user([Role.ACCESS_DEVICE_ADMIN])))).toBe(403);
    expect(
      await status(callers.resolve(new Principal('sys', 'management', 'root@x.test', [Role.SYSTEM_ADMIN]))),
    ).toBe(403);
  });
});
