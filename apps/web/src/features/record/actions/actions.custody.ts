import { CONTACT_ROLES } from '@custody/domain';
import { openEntries, opts, type RecordAction } from './action.ts';

/** Arrival, placement, contacts and property (domain.md §3.2-3.3, 3.9-3.10). */
export const CUSTODY_ACTIONS: readonly RecordAction[] = [
  {
    id: 'delivery',
    command: 'RecordDelivery',
    label: 'qa.delivery',
    group: 'quick',
    defaults: (ctx) => ({ unitId: ctx.unitId }),
    fields: [
      {
        kind: 'area',
        name: 'delayExplanation',
        label: 'reg.delayExplanation',
        hint: 'reg.delayHint',
        optional: true,
      },
      { kind: 'people', name: 'deliveredBy', hint: 'act.namesHint', optional: true },
    ],
  },
  {
    id: 'register',
    command: 'RegisterDetainee',
    label: 'act.register',
    group: 'custody',
    fields: [
      { kind: 'text', name: 'custodyNumber', label: 'reg.custodyNumber' },
      { kind: 'area', name: 'notes', optional: true },
    ],
  },
  {
    id: 'assign',
    command: 'AssignResponsibleOfficial',
    label: 'act.assign',
    group: 'custody',
    defaults: (ctx) => ({ officialId: ctx.user.id, officialName: ctx.user.displayName }),
    fields: [{ kind: 'area', name: 'reason', optional: true }],
  },
  {
    id: 'movement',
    command: 'MoveDetainee',
    label: 'qa.movement',
    group: 'custody',
    fields: [
      { kind: 'room', name: 'to', label: 'qa.to' },
      { kind: 'text', name: 'purpose', label: 'qa.purpose' },
      { kind: 'people', name: 'escort', hint: 'act.namesHint', optional: true },
      // A placement that breaks a placement rule states why, and is recorded flagged (domain.md §4).
      { kind: 'placementReason', name: 'placementReason', optional: true },
    ],
    defaults: () => ({ escort: [] }),
  },
  {
    id: 'contact',
    command: 'StartContact',
    label: 'qa.contact',
    group: 'custody',
    fields: [
      { kind: 'person', name: 'person', label: 'qa.personName' },
      {
        kind: 'select',
        name: 'role',
        label: 'qa.contactRole',
        options: opts('contactRole', CONTACT_ROLES),
      },
      { kind: 'text', name: 'purpose', label: 'qa.purpose' },
    ],
  },
  {
    id: 'contactEnd',
    command: 'EndContact',
    label: 'qa.contactEnd',
    group: 'custody',
    fields: [
      {
        kind: 'entry',
        name: 'contactEventId',
        label: 'act.whichContact',
        pick: openEntries('ContactStarted', 'ContactEnded', 'contactEventId'),
      },
      { kind: 'area', name: 'summary', optional: true },
    ],
  },
  {
    id: 'property',
    command: 'RecordProperty',
    label: 'act.property',
    group: 'custody',
    defaults: () => ({ items: [] }),
    fields: [
      { kind: 'items', name: 'items', label: 'reg.property.items', hint: 'reg.property.itemsHint' },
      { kind: 'text', name: 'bagSealNumber', optional: true },
      { kind: 'signature', name: 'signature' },
    ],
  },
  {
    id: 'propertyReturn',
    command: 'ReturnProperty',
    label: 'act.propertyReturn',
    group: 'custody',
    defaults: () => ({ items: [] }),
    fields: [
      { kind: 'items', name: 'items', label: 'reg.property.items', hint: 'reg.property.itemsHint' },
      { kind: 'signature', name: 'signature' },
    ],
  },
  {
    id: 'propertyRetain',
    command: 'RetainProperty',
    label: 'act.propertyRetain',
    group: 'custody',
    fields: [
      { kind: 'items', name: 'items', label: 'reg.property.items', hint: 'reg.property.itemsHint' },
      { kind: 'area', name: 'reason' },
      { kind: 'text', name: 'legalBasis' },
    ],
  },
];
