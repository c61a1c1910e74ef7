/** Every action the system authorizes; custody ones are wired by the record routes. */
export const ACTIONS = [
  'record.open',
  'record.read',
  'record.read_health',
  'record.register',
  'record.rights',
  'record.notification',
  'record.interview',
  'record.health',
  'record.risk',
  'record.martial_law',
  'record.approve',
  'record.property',
  'record.movement',
  'record.contact',
  'record.procedural',
  'record.welfare',
  'record.scene',
  'record.release',
  'record.correction',
  'record.attachment',
  'record.erase',
  'record.export',
  'whiteboard.read',
  'reports.read',
  'integrity.read',
  'units.read',
  'users.manage',
  'units.manage',
  'tokens.manage',
  'grants.manage',
  'keys.read',
  'metrics.read',
  'devices.enrol',
  'devices.revoke',
  'policy.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

export type RecordAction = Extract<Action, `record.${string}`>;
export type UnitAction =
  | 'whiteboard.read'
  | 'reports.read'
  | 'grants.manage'
  | 'units.read'
  | 'devices.enrol'
  | 'devices.revoke'
  | 'policy.manage';
/** The actions performed on a unit (a Resource of kind 'unit'). */
export const UNIT_ACTIONS: ReadonlySet<Action> = new Set<UnitAction>([
  'whiteboard.read',
  'reports.read',
  'grants.manage',
  'units.read',
  'devices.enrol',
  'devices.revoke',
  'policy.manage',
]);
export type SystemAction = Exclude<Action, RecordAction | UnitAction>;

/** Actions that only the responsible official performs (КПК ст. 212), barred by separation of duties. */
export const RESPONSIBLE_OFFICIAL_ACTIONS: readonly Action[] = [
  'record.rights',
  'record.notification',
  'record.interview',
  'record.contact',
  'record.release',
];

/** What an action is performed on. */
export type Resource =
  | { readonly kind: 'system' }
  | { readonly kind: 'unit'; readonly unitId: string }
  | {
      readonly kind: 'record';
      readonly recordId: string;
      readonly unitId: string;
      /** Investigators and inquirers on the record's case (Law 3623-IX separation of duties). */
      readonly involvedInvestigatorIds: readonly string[];
      /** The detainee consented to show health and risk entries to lawyers and monitors. */
      readonly healthConsent: boolean;
    };
