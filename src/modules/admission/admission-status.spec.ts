import { ADMISSION_STATUSES, DECISIONS, mayTransition } from './admission-status';

describe('admission state machine', () => {
  it('allows exactly the four transitions of Mender, plus the same decision again', () => {
    const allowed = ADMISSION_STATUSES.flatMap((from) =>
      DECISIONS.filter((to) => mayTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed.sort()).toEqual([
      'accepted->accepted',
      'accepted->rejected',
      'pending->accepted',
      'pending->rejected',
      'rejected->accepted',
      'rejected->rejected',
    ]);
  });
});
