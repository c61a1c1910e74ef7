import type { DetainedPerson, LegalProfile, PlacementRule, Sex } from '@custody/domain';
import { placementPerson } from '../records/placement.ts';
import type { City } from './demo-names.ts';
import type { DemoUnit } from './demo-staff.ts';
import type { Rng } from './prng.ts';
import type { RecordBuilder } from './record-builder.ts';

/** What a demo record opens with: the person, the legal profile and the facts of the detention. */
export interface Opening {
  readonly person: DetainedPerson;
  readonly profile: LegalProfile;
  readonly legalBasis: string;
  readonly grounds: string;
  readonly juvenile?: boolean;
  readonly foreigner?: {
    nationality: string;
    language: string;
    country: string;
    consulate: string;
  };
  /** Minutes from actual detention to delivery (КПК ст. 210); over 60 carries an explanation. */
  readonly deliveryMin: number;
  /** Leave out the legal aid centre notification (an overdue notification, CMU 1363). */
  readonly skipLegalAid?: boolean;
  /** Minutes after delivery at which the legal aid centre is notified (default 8-14). */
  readonly legalAidAfter?: number;
  readonly custodyNumber: string;
  /** Minutes after actual detention by which custody surely ends; open-ended when absent (active). */
  readonly stayMin?: number;
  /**
   * The demo's one placement recorded in breach of a placement rule, with the reason stated
   * (domain.md §4), so that a monitor sees what a flagged placement looks like.
   */
  readonly placementInBreach?: {
    readonly rules: readonly PlacementRule[];
    readonly reason: string;
  };
}

/**
 * The detainee's sex for men/women separation (domain.md §4), as the demo's names and
 * descriptions tell it: a Ukrainian patronymic in -вна is a woman's; a description opens with
 * «Чоловік» or «Жінка»; the demo's foreign detainees are men.
 */
function demoSex(p: DetainedPerson): Sex {
  if (p.kind === 'unidentified') return p.description.startsWith('Жінка') ? 'female' : 'male';
  return /вна$/u.test(p.fullName) ? 'female' : 'male';
}

const short = (p: DetainedPerson) => (p.kind === 'identified' ? p.fullName : 'невстановлена особа');

function place(rng: Rng, city: City): string {
  return `${city.city}, ${rng.pick(city.streets)}, ${rng.int(1, 120)}`;
}

/** Detention, delivery, registration and the assignment of the responsible official (§3.1-3.3). */
function arrive(b: RecordBuilder, rng: Rng, u: DemoUnit, o: Opening): number {
  const officer = rng.pick(u.officers);
  b.do('RecordDetention', 0, officer, {
    recordId: b.recordId,
    unitId: u.id,
    person: o.person,
    place: { description: place(rng, u.city) },
    detainingOfficers: u.officers.map((x) => ({ id: x.id, name: x.name })),
    profile: o.profile,
    legalBasis: o.legalBasis,
    grounds: o.grounds,
    juvenile: o.juvenile ?? false,
    sex: demoSex(o.person),
    foreigner: o.foreigner !== undefined,
    ...(o.foreigner ? { nationality: o.foreigner.nationality } : {}),
    language: o.foreigner?.language ?? 'uk',
    bodycamRefs: [
      { cameraId: `BC-${u.city.code}-${rng.int(10, 99)}`, from: b.at(0), to: b.at(12) },
    ],
  });
  const d = o.deliveryMin;
  b.do('RecordDelivery', d, officer, {
    unitId: u.id,
    deliveredBy: [{ id: officer.id, name: officer.name }],
    ...(d > 60 ? { delayExplanation: 'Затор на мосту; чекали на слідчо-оперативну групу.' } : {}),
  });
  b.do('RegisterDetainee', d + 2, u.duty, { custodyNumber: o.custodyNumber });
  b.do('AssignResponsibleOfficial', d + 3, u.duty, {
    officialId: u.inspector.id,
    officialName: u.inspector.name,
  });
  return d;
}

/** Rights, notifications, interviews, property and the cell (§3.4-3.10). Returns the cell time. */
export function openRecord(b: RecordBuilder, rng: Rng, u: DemoUnit, o: Opening): number {
  const d = arrive(b, rng, u, o);
  const ins = u.inspector;
  const lang = o.foreigner?.language ?? 'uk';
  b.do('RecordRightsExplained', d + 4, ins, {
    language: lang,
    ...(o.foreigner ? { interpreter: { name: `Перекладач (${lang}) ${rng.int(1, 9)}` } } : {}),
    writtenNoticeHandedOver: true,
    signature: rng.chance(0.9)
      ? { signed: true }
      : { signed: false, reason: 'Відмовився підписувати' },
  });
  const madeBy = { id: ins.id, name: ins.name };
  if (o.skipLegalAid !== true) {
    b.do('RecordNotification', d + (o.legalAidAfter ?? rng.int(8, 14)), ins, {
      kind: 'legal_aid_centre',
      recipient: u.city.legalAid,
      method: 'electronic_system',
      referenceNumber: `БПД-${rng.int(10_000, 99_999)}`,
      madeBy,
      delegatedToOfficer: false,
    });
  }
  if (o.juvenile === true) {
    b.do('RecordNotification', d + 9, ins, {
      kind: 'parents_guardians',
      recipient: `Мати, ${short(o.person).split(' ')[0] ?? ''} Н. В.`,
      method: 'phone',
      madeBy,
      delegatedToOfficer: false,
    });
    b.do('RecordNotification', d + 15, ins, {
      kind: 'guardianship_authority',
      recipient: `Служба у справах дітей, ${u.city.city}`,
      method: 'phone',
      madeBy,
      delegatedToOfficer: false,
    });
  } else if (rng.chance(0.8)) {
    b.do('RecordNotification', d + 12, ins, {
      kind: 'relative',
      recipient: rng.chance(0.5) ? 'Дружина' : 'Брат',
      method: 'phone',
      madeBy,
      delegatedToOfficer: rng.chance(0.1),
    });
  }
  if (o.foreigner) {
    b.do('RecordConsularNotificationRequest', d + 7, ins, { country: o.foreigner.country });
    b.do('RecordNotification', d + 20, ins, {
      kind: 'consulate',
      recipient: o.foreigner.consulate,
      method: 'email',
      referenceNumber: `CONS-${rng.int(100, 999)}`,
      madeBy,
      delegatedToOfficer: false,
    });
  }
  b.do('RecordOfficerInterview', d + 16, ins, {
    officerId: u.officers[0]?.id ?? ins.id,
    summary: 'Затримання без застосування сили; спецзасоби не застосовувалися.',
    forceReported: false,
    injuriesReported: false,
  });
  b.do('RecordDetaineeInterview', d + 24, ins, {
    summary: 'Скарг на дії поліцейських не має; тілесних ушкоджень не заявляє.',
    illTreatmentAlleged: false,
  });
  b.do('RecordProperty', d + 30, u.duty, {
    items: [
      { description: 'Мобільний телефон', quantity: 1 },
      { description: 'Гаманець з грошима', quantity: 1, notes: `${rng.int(50, 900)} грн` },
      { description: 'Ремінь', quantity: 1 },
    ],
    bagSealNumber: `S-${rng.int(100_000, 999_999)}`,
    signature: { signed: true },
  });
  rng.pick(u.cells); // drawn as before, so the rest of the demo stays the same; the planner places
  const state = b.state;
  if (state === undefined) throw new Error('demo: record not open');
  const from = Date.parse(b.at(d + 34));
  const until = o.stayMin === undefined ? Number.POSITIVE_INFINITY : Date.parse(b.at(o.stayMin));
  const breach = o.placementInBreach;
  const placed =
    breach === undefined
      ? { cell: u.planner.place(placementPerson(state), from, until), room: undefined }
      : u.planner.placeInBreach(placementPerson(state), from, breach.rules);
  b.do(
    'MoveDetainee',
    d + 34,
    u.duty,
    {
      to: { zoneId: u.zoneId, cellId: placed.cell.id, description: placed.cell.name },
      purpose: 'Розміщення в кімнаті для затриманих',
      escort: [{ id: u.duty.id, name: u.duty.name }],
      ...(breach === undefined ? {} : { placementReason: breach.reason }),
    },
    undefined,
    placed.room,
  );
  return d + 34;
}

const CONDITIONS = [
  'Сидить, спокійний',
  'Лежить, не спить',
  'Спить, дихання рівне',
  'Читає',
  'Ходить по кімнаті',
];

/**
 * Cell checks (Code C 9.3: every 60 min, 30 with rousing when at risk), meals every ~5 h
 * (Code C 8.6), drinks, from `from` to `to` minutes after T0. About one check in 40 is entered
 * late (domain.md §3: late entries are visible, never hidden).
 */
export function welfare(
  b: RecordBuilder,
  rng: Rng,
  u: DemoUnit,
  span: { from: number; to: number; atRisk?: boolean; lateEvery?: number },
): void {
  const every = span.atRisk === true ? 28 : 55;
  let meal = span.from + rng.int(30, 120);
  let main = true;
  for (let t = span.from + rng.int(5, every); t < span.to; t += rng.int(every - 8, every)) {
    const late = rng.chance(span.lateEvery ?? 0.025) ? rng.int(20, 55) : undefined;
    b.do(
      'RecordCellCheck',
      t,
      u.duty,
      {
        condition: rng.pick(CONDITIONS),
        roused: span.atRisk === true,
        ...(span.atRisk === true ? { response: 'Відповів, орієнтований' } : {}),
        concern: false,
      },
      late,
    );
    if (t >= meal) {
      b.do('OfferMeal', t + 2, u.duty, {
        kind: main ? 'main' : 'light',
        accepted: rng.chance(0.85),
      });
      b.do('OfferDrink', t + 3, u.duty, { accepted: true });
      main = !main;
      meal = t + rng.int(240, 330);
    }
  }
}

/** An interrogation with a named defender (КПК ст. 50), a break after at most 2 h (КПК ст. 224, ст. 490). */
export function interrogation(b: RecordBuilder, u: DemoUnit, at: number, minutes: number): void {
  const defender = { name: 'Адвокат Гнатюк О. В.', certificateNumber: 'КВ 004512' };
  const inv = u.investigator;
  b.do('StartInterrogation', at, inv, {
    interrogatorId: inv.id,
    interrogatorName: inv.name,
    defenderPresent: true,
    defender,
  });
  if (minutes > 110) {
    b.do('PauseInterrogation', at + 100, inv, { reason: 'Перерва' });
    b.do('ResumeInterrogation', at + 115, inv, { defenderPresent: true, defender });
  }
  b.do('EndInterrogation', at + minutes, inv, { summary: 'Допит завершено, протокол підписано.' });
}

/** Release with its ground (§3.13), property returned and a copy of the record handed over. */
export function release(
  b: RecordBuilder,
  u: DemoUnit,
  at: number,
  ground:
    | 'suspicion_not_confirmed'
    | 'investigator_decision'
    | 'administrative_case_completed'
    | 'bail'
    | 'time_limit_reached',
): void {
  b.do('ReturnProperty', at - 3, u.duty, {
    items: [
      { description: 'Мобільний телефон', quantity: 1 },
      { description: 'Гаманець з грошима', quantity: 1 },
      { description: 'Ремінь', quantity: 1 },
    ],
    signature: { signed: true },
  });
  b.do('ReleaseDetainee', at, u.inspector, {
    ground,
    legalBasis: ground === 'administrative_case_completed' ? 'КУпАП ст. 263' : 'КПК ст. 211 ч. 3',
    ...(ground === 'time_limit_reached'
      ? { timeLimit: '72 год без ухвали суду (Конституція ст. 29, КПК ст. 211)' }
      : {}),
    propertyReturned: 'yes',
    recordCopyHandedOver: true,
    signature: { signed: true },
  });
  b.do('HandOverDocument', at + 1, u.inspector, {
    documentKind: 'record_extract',
    to: { name: 'Затриманий' },
    signature: { signed: true },
  });
}
