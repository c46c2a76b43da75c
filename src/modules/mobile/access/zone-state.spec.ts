import { effectiveState, isZoneStateCode, ZoneState, zoneStateByName } from './zone-state';

const at = (iso: string) => new Date(iso);

describe('zone states', () => {
  it('names each state and reads names case-insensitively', () => {
    expect(zoneStateByName('open')).toBe(ZoneState.OPEN);
    expect(zoneStateByName('LOCKDOWN')).toBe(ZoneState.LOCKDOWN);
    expect(zoneStateByName('lockdown')).toBe(ZoneState.LOCKDOWN);
    expect(zoneStateByName('Secure')).toBe(ZoneState.SECURE);
    expect(zoneStateByName('normal')).toBe(ZoneState.NORMAL);
    expect(zoneStateByName('unlocked')).toBeUndefined();
    expect([10, 11, 12, 13].every(isZoneStateCode)).toBe(true);
    expect([9, 14, '11', null].some(isZoneStateCode)).toBe(false);
  });

  it('a momentary unlock opens the area until its end, then the stored state is back by itself', () => {
    const facts = { state: ZoneState.SECURE, unlockedUntil: at('2026-01-01T10:00:10Z') };
    expect(effectiveState(facts, at('2026-01-01T10:00:09.999Z'))).toEqual({
      state: ZoneState.SECURE,
      name: 'unlocked',
      open: true,
      unlockedUntil: facts.unlockedUntil,
    });
    expect(effectiveState(facts, at('2026-01-01T10:00:10Z'))).toEqual({
      state: ZoneState.SECURE,
      name: 'secure',
      open: false,
      unlockedUntil: null,
    });
  });

  it('open is open without an unlock; lockdown stays closed even during one', () => {
    expect(
      effectiveState({ state: ZoneState.OPEN, unlockedUntil: null }, at('2026-01-01T00:00:00Z')).open,
    ).toBe(true);
    const lockdown = effectiveState(
      { state: ZoneState.LOCKDOWN, unlockedUntil: at('2026-01-01T01:00:00Z') },
      at('2026-01-01T00:00:00Z'),
    );
    expect(lockdown).toEqual({
      state: ZoneState.LOCKDOWN,
      name: 'LOCKDOWN',
      open: false,
      unlockedUntil: null,
    });
  });
});

describe('scheduled zone states', () => {
  const now = at('2026-01-01T00:00:00Z');
  it('drives only an area in the normal state', () => {
    expect(
      effectiveState({ state: ZoneState.NORMAL, unlockedUntil: null, scheduled: ZoneState.OPEN }, now),
    ).toMatchObject({
      state: ZoneState.OPEN,
      name: 'open',
      open: true,
    });
    expect(
      effectiveState({ state: ZoneState.SECURE, unlockedUntil: null, scheduled: ZoneState.OPEN }, now),
    ).toMatchObject({
      state: ZoneState.SECURE,
      open: false,
    });
    expect(
      effectiveState({ state: ZoneState.LOCKDOWN, unlockedUntil: null, scheduled: ZoneState.OPEN }, now).open,
    ).toBe(false);
  });
});
