import { describe, expect, it } from 'vitest';
import {
  ALL_ROLES,
  ROLE_LABEL,
  SECTIONS,
  canOpen,
  landingFor,
  navFor,
  sectionOf,
} from './access.ts';

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

  it('offers the tablets dashboard to supervisors and administrators only, and refuses its URL to others', () => {
    const overseeing = ALL_ROLES.filter((r) => navFor(r).some((s) => s.id === 'devices'));
    expect(overseeing.sort()).toEqual(['admin', 'supervisor']);
    for (const role of ALL_ROLES) {
      const section = sectionOf('/devices');
      expect(section?.id).toBe('devices');
      expect(section && canOpen(section, role), role).toBe(
        role === 'admin' || role === 'supervisor',
      );
    }
  });

  it('offers the unit policy to supervisors only (domain.md §4: set by the unit’s supervisor)', () => {
    const setting = ALL_ROLES.filter((r) => navFor(r).some((s) => s.id === 'policy'));
    expect(setting).toEqual(['supervisor']);
    const policy = sectionOf('/policy');
    expect(policy?.id).toBe('policy');
    expect(policy && canOpen(policy, 'duty_inspector')).toBe(false);
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

describe('landingFor', () => {
  it('sends each role to a section it may open, never back to home', () => {
    for (const role of ALL_ROLES) {
      const landing = landingFor(role);
      if (landing.kind !== 'redirect') continue;
      const section = sectionOf(landing.path);
      expect(section?.id, role).not.toBe('home');
      expect(section && canOpen(section, role), role).toBe(true);
    }
  });

  it('lands duty staff on the whiteboard and offers new detention to officers only', () => {
    expect(landingFor('duty_inspector')).toEqual({ kind: 'redirect', path: '/whiteboard' });
    expect(landingFor('medical')).toEqual({ kind: 'redirect', path: '/whiteboard' });
    expect(landingFor('hq')).toEqual({ kind: 'redirect', path: '/reports' });
    expect(landingFor('lawyer')).toEqual({ kind: 'redirect', path: '/oversight' });
    expect(landingFor('detaining_officer')).toEqual({ kind: 'records', newDetention: true });
    expect(landingFor('investigator')).toEqual({ kind: 'records', newDetention: false });
  });

  it('keeps two-factor sign-in out of the menu but open to everyone', () => {
    for (const role of ALL_ROLES) {
      expect(navFor(role).some((s) => s.id === 'security')).toBe(false);
      expect(sectionOf('/security')?.id).toBe('security');
    }
  });
});
