import type { RegisteredRouter, RouteIds } from '@tanstack/react-router';
import type { Role } from '@custody/contracts';
import type { MessageKey } from '../i18n/index.ts';

/** A path of the app's routes (app/routes.tsx). */
export type AppPath = Exclude<RouteIds<RegisteredRouter['routeTree']>, '__root__'>;

/** A section of the app, who may open it (domain.md §2) and how the menu names it. */
export interface Section {
  readonly id: SectionId;
  /** Its route; the section also holds every path below the part before a `$parameter`. */
  readonly path: AppPath;
  readonly label: MessageKey;
  readonly roles: readonly Role[] | 'everyone';
  /** False for screens reached from elsewhere that need no menu entry. */
  readonly inNav: boolean;
}

export type SectionId =
  | 'home'
  | 'admin'
  | 'grants'
  | 'devices'
  | 'tokens'
  | 'security'
  | 'whiteboard'
  | 'detention'
  | 'field'
  | 'records'
  | 'reports'
  | 'policy'
  | 'oversight'
  | 'integrity';

/** Staff of a unit (domain.md §2): they see their unit's whiteboard and records. */
const UNIT_STAFF_ROLES = [
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
] as const satisfies readonly Role[];

/**
 * The menu by role. Administration is for administrators only (users, units,
 * rooms, tokens; domain.md §2: an administrator does not read custody content).
 * Unit staff and HQ issue their own API tokens (never more than they may do; the server's
 * token ceiling decides what each may put on one). Grants to monitors and lawyers are made by HQ and unit supervisors; the
 * server decides finally, this only decides what is offered.
 */
export const SECTIONS: readonly Section[] = [
  { id: 'home', path: '/', label: 'nav.home', roles: 'everyone', inNav: true },
  { id: 'admin', path: '/admin', label: 'nav.admin', roles: ['admin'], inNav: true },
  { id: 'grants', path: '/grants', label: 'nav.grants', roles: ['hq', 'supervisor'], inNav: true },
  // The tablets of a unit and the breaks in their chains; revocation (issue 19; devices.revoke).
  {
    id: 'devices',
    path: '/devices',
    label: 'nav.devices',
    roles: ['supervisor', 'admin'],
    inNav: true,
  },
  {
    id: 'tokens',
    path: '/tokens',
    label: 'nav.tokens',
    roles: [...UNIT_STAFF_ROLES, 'hq'],
    inNav: true,
  },
  { id: 'security', path: '/security', label: 'nav.security', roles: 'everyone', inNav: false },
  {
    id: 'whiteboard',
    path: '/whiteboard',
    label: 'nav.whiteboard',
    roles: [...UNIT_STAFF_ROLES, 'hq', 'monitor'],
    inNav: true,
  },
  {
    id: 'detention',
    path: '/records/new',
    label: 'nav.detention',
    roles: ['detaining_officer', 'duty_inspector', 'custody_inspector'],
    inNav: true,
  },
  {
    id: 'field',
    path: '/field/$recordId',
    label: 'nav.field',
    roles: ['detaining_officer', 'duty_inspector', 'custody_inspector'],
    inNav: false,
  },
  {
    id: 'records',
    path: '/records/$recordId',
    label: 'nav.records',
    roles: [...UNIT_STAFF_ROLES, 'hq', 'monitor', 'lawyer'],
    inNav: false,
  },
  {
    id: 'reports',
    path: '/reports',
    label: 'nav.reports',
    roles: ['supervisor', 'hq'],
    inNav: true,
  },
  {
    id: 'policy',
    path: '/policy',
    label: 'nav.policy',
    roles: ['supervisor'],
    inNav: true,
  },
  {
    id: 'oversight',
    path: '/oversight',
    label: 'nav.oversight',
    roles: ['monitor', 'lawyer'],
    inNav: true,
  },
  { id: 'integrity', path: '/integrity', label: 'nav.integrity', roles: 'everyone', inNav: true },
];

export function canOpen(section: Section, role: Role): boolean {
  return section.roles === 'everyone' || section.roles.includes(role);
}

/** The menu entries a role may use, in menu order. */
export function navFor(role: Role): readonly Section[] {
  return SECTIONS.filter((s) => s.inNav && canOpen(s, role));
}

/** The section a path belongs to: its own path or any path below it. */
export function sectionOf(path: string): Section | undefined {
  const clean = path.replace(/\/+$/, '') || '/';
  return SECTIONS.find((s) => {
    const base = s.path.split('/$')[0] ?? s.path;
    return base === '/' ? clean === '/' : clean === base || clean.startsWith(`${base}/`);
  });
}

/**
 * What the landing page does for a role: the screen of its daily work (domain.md §2). Duty,
 * custody and medical staff work from the whiteboard, supervisors and HQ from reports, monitors
 * and lawyers from oversight, administrators from administration; detaining officers and
 * investigators get the unit's active records, officers with a new-detention action first.
 */
export type Landing =
  | { readonly kind: 'redirect'; readonly path: AppPath }
  | { readonly kind: 'records'; readonly newDetention: boolean };

export function landingFor(role: Role): Landing {
  switch (role) {
    case 'duty_inspector':
    case 'custody_inspector':
    case 'medical':
      return { kind: 'redirect', path: '/whiteboard' };
    case 'supervisor':
    case 'hq':
      return { kind: 'redirect', path: '/reports' };
    case 'monitor':
    case 'lawyer':
      return { kind: 'redirect', path: '/oversight' };
    case 'admin':
      return { kind: 'redirect', path: '/admin' };
    case 'detaining_officer':
      return { kind: 'records', newDetention: true };
    case 'investigator':
      return { kind: 'records', newDetention: false };
  }
}

/** Every role in menu order, for pickers; `satisfies` keeps it in step with the contract. */
export const ALL_ROLES = [
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
  'hq',
  'monitor',
  'lawyer',
  'admin',
] as const satisfies readonly Role[];

/** Roles that work inside one unit (must have a unitId); mirrors UNIT_ROLES of the contract. */
export const UNIT_ROLES: readonly Role[] = [
  'detaining_officer',
  'duty_inspector',
  'custody_inspector',
  'investigator',
  'medical',
  'supervisor',
];

export const ROLE_LABEL: Record<Role, MessageKey> = {
  detaining_officer: 'role.detaining_officer',
  duty_inspector: 'role.duty_inspector',
  custody_inspector: 'role.custody_inspector',
  investigator: 'role.investigator',
  medical: 'role.medical',
  supervisor: 'role.supervisor',
  hq: 'role.hq',
  monitor: 'role.monitor',
  lawyer: 'role.lawyer',
  admin: 'role.admin',
};
