import { describe, expect, it } from 'vitest';
import { ALL_ROLES, ROLE_LABEL, SECTIONS, canOpen, navFor, sectionOf } from './access.ts';

describe('navigation by role', () => {
  it('offers administration to administrators only', () => {
    for (const role of ALL_ROLES) {
      expect(
        navFor(role).some((s) => s.id === 'admin'),
        role,
      ).toBe(role === 'admin');
    }
  });

  it('offers grants to HQ and supervisors, not to admins, monitors or lawyers', () => {
    const granting = ALL_ROLES.filter((r) => navFor(r).some((s) => s.id === 'grants'));
    expect(granting.sort()).toEqual(['hq', 'supervisor']);
  });

  it('lists every role of the contract exactly once', () => {
    expect([...ALL_ROLES].sort()).toEqual(Object.keys(ROLE_LABEL).sort());
  });
});

describe('sectionOf', () => {
  it('maps sub-paths to their section and unknown paths to none', () => {
    expect(sectionOf('/')?.id).toBe('home');
    expect(sectionOf('/admin/units')?.id).toBe('admin');
    expect(sectionOf('/admin/')?.id).toBe('admin');
    expect(sectionOf('/administrator')).toBeUndefined();
    expect(sectionOf('/nowhere')).toBeUndefined();
  });

  it('refuses a direct URL the role may not open', () => {
    const admin = SECTIONS.find((s) => s.id === 'admin')!;
    expect(canOpen(admin, 'duty_inspector')).toBe(false);
    expect(canOpen(admin, 'admin')).toBe(true);
  });
});
