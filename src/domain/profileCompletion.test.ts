import { describe, expect, it } from '@jest/globals';
import { isProfileComplete } from './profileCompletion';

const full = { name: '林小姐', gender: 'female', birthday: { month: 5, day: 1, year: null } };

describe('isProfileComplete', () => {
  it('is complete with name, gender and birthday', () => {
    expect(isProfileComplete(full)).toBe(true);
  });
  it('is not complete without a birthday', () => {
    expect(isProfileComplete({ ...full, birthday: null })).toBe(false);
  });
  it('is not complete with an empty name', () => {
    expect(isProfileComplete({ ...full, name: '' })).toBe(false);
  });
  it('is not complete without a gender', () => {
    expect(isProfileComplete({ ...full, gender: null })).toBe(false);
  });
});
