import type { Role } from '@custody/contracts';
import type { CommandType } from '@custody/domain';

type Duty =
  | 'open'
  | 'movement'
  | 'register'
  | 'rights'
  | 'notification'
  | 'health'
  | 'risk'
  | 'property'
  | 'contact'
  | 'procedural'
  | 'welfare'
  | 'release';

/**
 * Who does what in the unit (domain.md §2), mirroring the server's authorization matrix
 * (apps/server/src/authz/matrix.ts). It only decides which actions the screens offer: the server
 * decides finally and refuses the rest with 403.
 */
const DUTY_ROLES: Readonly<Record<Duty, readonly Role[]>> = {
  open: ['detaining_officer', 'duty_inspector', 'custody_inspector'],
  movement: ['detaining_officer', 'duty_inspector', 'custody_inspector'],
  register: ['duty_inspector', 'custody_inspector'],
  rights: ['custody_inspector'],
  notification: ['custody_inspector', 'duty_inspector'],
  health: ['medical', 'custody_inspector'],
  risk: ['custody_inspector', 'duty_inspector', 'medical'],
  property: ['duty_inspector', 'custody_inspector'],
  contact: ['duty_inspector', 'custody_inspector'],
  procedural: ['investigator', 'detaining_officer'],
  welfare: ['duty_inspector', 'custody_inspector'],
  release: ['custody_inspector', 'duty_inspector'],
};

const COMMAND_DUTY: Partial<Record<CommandType, Duty>> = {
  RecordDetention: 'open',
  RecordDelivery: 'movement',
  RegisterDetainee: 'register',
  AssignResponsibleOfficial: 'register',
  RecordRightsExplained: 'rights',
  RecordNotification: 'notification',
  RecordInjuries: 'health',
  RecordIntoxication: 'health',
  AssessRisk: 'risk',
  SetObservationLevel: 'risk',
  RecordProperty: 'property',
  MoveDetainee: 'movement',
  StartContact: 'contact',
  EndContact: 'contact',
  StartInterrogation: 'procedural',
  PauseInterrogation: 'procedural',
  ResumeInterrogation: 'procedural',
  EndInterrogation: 'procedural',
  RecordCellCheck: 'welfare',
  OfferMeal: 'welfare',
  OfferDrink: 'welfare',
  RecordDetaineeRequest: 'welfare',
  RecordIncident: 'welfare',
  ReleaseDetainee: 'release',
  TransferDetainee: 'release',
};

/** The roles the screens offer a command to; empty for commands they do not offer. */
export function rolesFor(command: CommandType): readonly Role[] {
  const duty = COMMAND_DUTY[command];
  return duty ? DUTY_ROLES[duty] : [];
}

/** Whether the screens offer `command` to `role`. */
export function mayIssue(role: Role, command: CommandType): boolean {
  return rolesFor(command).includes(role);
}
