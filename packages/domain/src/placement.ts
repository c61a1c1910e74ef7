import type { Label } from './label.ts';
import type { LegalProfile, Sex } from './payloads/arrest.payloads.ts';

/** What placement compares between people held in one room. */
export interface PlacementPerson {
  readonly recordId: string;
  readonly juvenile: boolean;
  /** Unknown on records opened before it was asked: the men/women rule is then not checked. */
  readonly sex?: Sex | undefined;
  readonly profile: LegalProfile;
}

/** A room for detainees as the caller found it at the moment of placement. */
export interface PlacementRoom {
  readonly id: string;
  readonly name: string;
  /** How many people it holds (the unit's figure; at least 4 m² each in a police room). */
  readonly capacity: number;
  /** Who is held there now, the person being placed excluded. */
  readonly occupants: readonly PlacementPerson[];
}

/** The placement rules (domain.md §4, "placement"). */
export const PLACEMENT_RULES = [
  'capacity',
  'juveniles_apart',
  'sexes_apart',
  'administrative_apart',
] as const;
export type PlacementRule = (typeof PLACEMENT_RULES)[number];

const SEPARATION_BASIS: Label = {
  uk: 'Закон «Про попереднє ув’язнення» ст. 8; ІТТ: наказ МВС від 25.09.2023 № 777; у кімнаті для затриманих — політика підрозділу за цим зразком',
  en: 'Law on Pre-Trial Detention art. 8; ITT: MIA order No. 777 of 25.09.2023; in a police detention room, unit policy modelled on them',
};

/** Each rule in words and its basis, in both languages (domain.md §4). */
export const PLACEMENT_RULE_LABELS: Record<PlacementRule, { rule: Label; basis: Label }> = {
  capacity: {
    rule: { uk: 'Кімнату заповнено', en: 'The room is full' },
    basis: {
      uk: 'Інструкція, затв. наказом МВС від 23.05.2017 № 440 (ред. наказу № 103 від 08.02.2022), розд. VIII: не менше 4 м² на особу',
      en: 'Instruction approved by MIA order No. 440 of 23.05.2017 (as amended by order No. 103 of 08.02.2022), section VIII: at least 4 m² per person',
    },
  },
  juveniles_apart: {
    rule: {
      uk: 'Неповнолітні тримаються окремо від дорослих',
      en: 'Juveniles are held apart from adults',
    },
    basis: SEPARATION_BASIS,
  },
  sexes_apart: {
    rule: { uk: 'Чоловіки тримаються окремо від жінок', en: 'Men are held apart from women' },
    basis: SEPARATION_BASIS,
  },
  administrative_apart: {
    rule: {
      uk: 'Адміністративно затримані тримаються окремо від інших',
      en: 'Administrative detainees are held apart from others',
    },
    basis: SEPARATION_BASIS,
  },
};

const administrative = (p: LegalProfile) =>
  p === 'ua_administrative' || p === 'ua_administrative_border';

/**
 * The rules a placement of `person` in `room` would break, in the order of PLACEMENT_RULES
 * (domain.md §4): the room over its capacity; a juvenile with an adult; a man with a woman (where
 * both are recorded); an administrative detainee with a criminal one. Pure.
 */
export function placementBreaches(person: PlacementPerson, room: PlacementRoom): PlacementRule[] {
  const others = room.occupants.filter((o) => o.recordId !== person.recordId);
  const broken = new Set<PlacementRule>();
  if (others.length + 1 > room.capacity) broken.add('capacity');
  for (const o of others) {
    if (o.juvenile !== person.juvenile) broken.add('juveniles_apart');
    if (o.sex !== undefined && person.sex !== undefined && o.sex !== person.sex) {
      broken.add('sexes_apart');
    }
    if (administrative(o.profile) !== administrative(person.profile)) {
      broken.add('administrative_apart');
    }
  }
  return PLACEMENT_RULES.filter((r) => broken.has(r));
}
