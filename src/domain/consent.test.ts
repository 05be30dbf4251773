import { describe, expect, it } from '@jest/globals';
import { mayReceiveMemberMessages, planPrivacyConsent, type MemberConsent } from './consent';

const given: MemberConsent = { privacy: { version: '2026-12', at: 100 }, marketing: null };
const older: MemberConsent = { privacy: { version: '2026-11', at: 100 }, marketing: null };
const withMarketing: MemberConsent = { ...given, marketing: { at: 120, version: '2026-12' } };
const withdrawn: MemberConsent = { privacy: null, marketing: null };

describe('planPrivacyConsent', () => {
  it.each([
    [
      'withdraws a given consent',
      given,
      { granted: false },
      { kind: 'withdraw', version: '2026-12', marketing: false },
    ],
    [
      'withdraws the marketing consent with it',
      withMarketing,
      { granted: false },
      { kind: 'withdraw', version: '2026-12', marketing: true },
    ],
    [
      'withdraws an older version, naming that version',
      older,
      { granted: false },
      { kind: 'withdraw', version: '2026-11', marketing: false },
    ],
    ['leaves a withdrawn consent withdrawn', withdrawn, { granted: false }, { kind: 'unchanged' }],
    [
      'gives the current version again',
      withdrawn,
      { granted: true, version: '2026-12' },
      { kind: 'grant', privacy: { version: '2026-12', at: 500 } },
    ],
    [
      'agrees to a new version over an older one',
      older,
      { granted: true, version: '2026-12' },
      { kind: 'grant', privacy: { version: '2026-12', at: 500 } },
    ],
    [
      'keeps a consent already given to this version (a retried tap)',
      given,
      { granted: true, version: '2026-12' },
      { kind: 'unchanged' },
    ],
    [
      'refuses a version that is not the current one',
      withdrawn,
      { granted: true, version: '2026-11' },
      { kind: 'outdated' },
    ],
  ] as const)('%s', (_name, consent, request, expected) => {
    expect(planPrivacyConsent(consent, request, '2026-12', 500)).toEqual(expected);
  });

  it('treats a member without a consent object as withdrawn', () => {
    expect(planPrivacyConsent(undefined, { granted: false }, '2026-12', 500)).toEqual({
      kind: 'unchanged',
    });
  });
});

describe('mayReceiveMemberMessages', () => {
  it('needs the privacy consent on record', () => {
    expect(mayReceiveMemberMessages(given)).toBe(true);
    expect(mayReceiveMemberMessages(withdrawn)).toBe(false);
    expect(mayReceiveMemberMessages(null)).toBe(false);
  });
});
