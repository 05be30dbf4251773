import { describe, expect, it } from '@jest/globals';
import { DEFAULT_AUTOMATIONS } from '@/domain/automations/definitions';
import { automationsFromDoc } from './automations';

const byKey = (key: string) => DEFAULT_AUTOMATIONS.find((a) => a.key === key)!;

describe('automationsFromDoc', () => {
  it('none saved, or an invalid list: the defaults', () => {
    expect(automationsFromDoc(null)).toBe(DEFAULT_AUTOMATIONS);
    expect(automationsFromDoc({ automations: [{ key: 1 }] as never })).toBe(DEFAULT_AUTOMATIONS);
  });

  it('a list saved without the birthday greeting (from before it was an automation) keeps it', () => {
    const saved = [byKey('inactive7')];
    expect(automationsFromDoc({ automations: saved }).map((a) => a.key)).toEqual([
      'inactive7',
      'birthdayGreeting',
    ]);
  });

  it('a list that has it, switched off, stays as saved', () => {
    const saved = [byKey('inactive7'), { ...byKey('birthdayGreeting'), enabled: false }];
    expect(automationsFromDoc({ automations: saved })).toEqual(saved);
  });
});
