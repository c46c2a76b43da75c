export const ADMISSION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type AdmissionStatus = (typeof ADMISSION_STATUSES)[number];

/** What PUT .../status may set: a decision. `pending` only comes from a (re-)submission. */
export const DECISIONS = ['accepted', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

const TRANSITIONS: Record<AdmissionStatus, readonly Decision[]> = {
  pending: ['accepted', 'rejected'],
  accepted: ['rejected'],
  rejected: ['accepted'],
};

/** Mender's admission state machine; the same decision again is allowed (and changes nothing). */
export function mayTransition(from: AdmissionStatus, to: Decision): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export const isStatus = (value: string): value is AdmissionStatus =>
  (ADMISSION_STATUSES as readonly string[]).includes(value);
export const isDecision = (value: string): value is Decision =>
  (DECISIONS as readonly string[]).includes(value);
