import {
  NewDeviceRequestStatus,
  refusalToAccept,
  SecurityTokenMode,
  tokenChecked,
} from './new-device-request-status';

describe('new device request status', () => {
  it('allows only PENDING_ACCEPTANCE to ACCEPTED', () => {
    expect(refusalToAccept(NewDeviceRequestStatus.PENDING_ACCEPTANCE, 'ACCEPTED')).toBeNull();
    for (const status of Object.values(NewDeviceRequestStatus).filter(
      (s) => s !== NewDeviceRequestStatus.PENDING_ACCEPTANCE,
    ))
      expect(refusalToAccept(status, 'ACCEPTED')).toMatch(
        /^only a request in PENDING_ACCEPTANCE can be accepted/,
      );
    expect(refusalToAccept(NewDeviceRequestStatus.PENDING_ACCEPTANCE, 'BLOCKED')).toBe(
      'status can only be changed to ACCEPTED (got "BLOCKED")',
    );
  });

  it('checks the token under REQUIRED always, under OPTIONAL when there is one, never under IGNORED', () => {
    expect([true, false].map((has) => tokenChecked(SecurityTokenMode.REQUIRED, has))).toEqual([true, true]);
    expect([true, false].map((has) => tokenChecked(SecurityTokenMode.OPTIONAL, has))).toEqual([true, false]);
    expect([true, false].map((has) => tokenChecked(SecurityTokenMode.IGNORED, has))).toEqual([false, false]);
  });
});
