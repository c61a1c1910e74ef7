import { placementPerson } from '../records/placement.ts';
import {
  birthDate,
  CRIMINAL_GROUNDS,
  FOREIGNERS,
  ADMINISTRATIVE_GROUNDS,
  ukrainianName,
} from './demo-names.ts';
import type { DemoUnit } from './demo-staff.ts';
import type { Rng } from './prng.ts';
import type { RecordBuilder } from './record-builder.ts';
import { interrogation, openRecord, welfare, type Opening } from './record-steps.ts';

/** One of the fifteen active demo records: which unit, how long ago T0 was, and its story. */
export interface ActiveScenario {
  readonly key: string;
  readonly unit: 0 | 1 | 2;
  /** Minutes between the actual detention and `now`. */
  readonly minutesAgo: number;
  build(b: RecordBuilder, rng: Rng, u: DemoUnit, number: string): void;
}

function criminalOpening(
  b: RecordBuilder,
  rng: Rng,
  number: string,
  over: Partial<Opening> = {},
): Opening {
  const g = rng.pick(CRIMINAL_GROUNDS);
  return {
    person: {
      kind: 'identified',
      fullName: ukrainianName(rng).fullName,
      dateOfBirth: birthDate(rng, new Date(b.t0), rng.int(20, 55)),
    },
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 2',
    grounds: g.grounds,
    deliveryMin: rng.int(20, 45),
    custodyNumber: number,
    ...over,
  };
}

function standard(
  minutesAgo: number,
  unit: 0 | 1 | 2,
  key: string,
  extra?: (b: RecordBuilder, rng: Rng, u: DemoUnit, cell: number) => void,
): ActiveScenario {
  return {
    key,
    unit,
    minutesAgo,
    build(b, rng, u, number) {
      const cell = openRecord(b, rng, u, criminalOpening(b, rng, number));
      extra?.(b, rng, u, cell);
      welfare(b, rng, u, { from: cell, to: minutesAgo });
    },
  };
}

function suspicion(b: RecordBuilder, rng: Rng, u: DemoUnit, at: number): void {
  b.do('ServeSuspicionNotice', at, u.investigator, {
    proceedingNumber: `12025${rng.int(100_000_000, 999_999_999)}`,
    article: 'КК ст. 187 ч. 2',
    servedBy: { id: u.investigator.id, name: u.investigator.name },
  });
}

/**
 * The fifteen active records of the demo (issue 8): a juvenile, a foreigner with consular
 * notification, an administrative detention, an overdue legal-aid notification, one near its
 * 72 h limit, one in over-detention, corrections, late entries and the rest of an ordinary shift.
 */
export const ACTIVE_SCENARIOS: readonly ActiveScenario[] = [
  {
    key: 'juvenile',
    unit: 0,
    minutesAgo: 5 * 60 + 10,
    build(b, rng, u, number) {
      const cell = openRecord(
        b,
        rng,
        u,
        criminalOpening(b, rng, number, {
          person: {
            kind: 'identified',
            fullName: ukrainianName(rng, false).fullName,
            dateOfBirth: birthDate(rng, new Date(b.t0), 16),
          },
          juvenile: true,
          legalBasis: 'КПК ст. 208 ч. 1 п. 1, ст. 492',
        }),
      );
      interrogation(b, u, cell + 90, 80);
      welfare(b, rng, u, { from: cell, to: 5 * 60 + 10 });
    },
  },
  {
    key: 'foreigner',
    unit: 0,
    minutesAgo: 9 * 60 + 25,
    build(b, rng, u, number) {
      const f = rng.pick(FOREIGNERS);
      const cell = openRecord(
        b,
        rng,
        u,
        criminalOpening(b, rng, number, {
          person: {
            kind: 'identified',
            fullName: f.fullName,
            identityDocument: `Паспорт ${f.nationality} ${rng.int(1_000_000, 9_999_999)}`,
          },
          foreigner: f,
        }),
      );
      welfare(b, rng, u, { from: cell, to: 9 * 60 + 25 });
    },
  },
  {
    key: 'administrative',
    unit: 0,
    minutesAgo: 2 * 60 + 35,
    build(b, rng, u, number) {
      const opening = criminalOpening(b, rng, number);
      const cell = openRecord(b, rng, u, {
        ...opening,
        // A man, as the criminal detainees he is held with: the placement below is to break
        // administrative/criminal separation only, whatever the names drawn before it.
        person: {
          ...opening.person,
          kind: 'identified',
          fullName: ukrainianName(rng, false).fullName,
        },
        profile: 'ua_administrative',
        legalBasis: 'КУпАП ст. 262, 263',
        grounds: rng.pick(ADMINISTRATIVE_GROUNDS),
        deliveryMin: 15,
        // The demo's one flagged placement (domain.md §4): held with a criminal detainee.
        placementInBreach: {
          rules: ['administrative_apart'],
          reason:
            'Затриманий у стані сп’яніння потребує постійного нагляду, а відеонагляд зараз працює лише в цій кімнаті; розміщено до протверезіння',
        },
      });
      b.do('DrawUpDetentionProtocol', cell + 4, u.duty, {
        protocolNumber: `АД-${rng.int(100_000, 999_999)}`,
        copyHandedToDetainee: true,
        copySentToProsecutor: false,
      });
      b.do('RecordIntoxication', cell + 6, u.medic, {
        intoxicated: true,
        substance: 'alcohol',
        signs: 'Запах алкоголю, хитка хода',
      });
      welfare(b, rng, u, { from: cell, to: 2 * 60 + 35, atRisk: true });
    },
  },
  {
    key: 'legal-aid-overdue',
    unit: 0,
    minutesAgo: 95,
    build(b, rng, u, number) {
      const cell = openRecord(
        b,
        rng,
        u,
        criminalOpening(b, rng, number, { skipLegalAid: true, deliveryMin: 25 }),
      );
      welfare(b, rng, u, { from: cell, to: 95 });
    },
  },
  standard(69 * 60 + 20, 0, 'near-72h', (b, rng, u, cell) => {
    interrogation(b, u, cell + 120, 150);
    suspicion(b, rng, u, 19 * 60);
    b.do('ScheduleCourtHearing', 50 * 60, u.investigator, {
      court: u.city.court,
      scheduledFor: b.at(70 * 60 + 30),
      caseNumber: `${rng.int(100, 999)}/${rng.int(1000, 9999)}/25`,
    });
  }),
  standard(75 * 60 + 40, 1, 'over-detention', (b, rng, u, cell) => {
    interrogation(b, u, cell + 200, 100);
    suspicion(b, rng, u, 20 * 60 + 30);
  }),
  standard(21 * 60 + 30, 1, 'suspicion-due', (b, _rng, u, cell) => {
    interrogation(b, u, cell + 100, 130);
  }),
  {
    key: 'ruling',
    unit: 1,
    minutesAgo: 31 * 60,
    build(b, rng, u, number) {
      const cell = openRecord(
        b,
        rng,
        u,
        criminalOpening(b, rng, number, {
          profile: 'ua_ruling_191',
          legalBasis: 'КПК ст. 190, 191 (ухвала про дозвіл на затримання)',
        }),
      );
      welfare(b, rng, u, { from: cell, to: 31 * 60 });
    },
  },
  standard(12 * 60 + 15, 2, 'force-and-injuries', (b, rng, u, cell) => {
    b.do('RecordInjuries', cell - 20, u.medic, {
      injuries: [
        { bodyRegion: 'left_arm', description: 'Садно 3 см на передпліччі', photoSha256: [] },
        { bodyRegion: 'face', description: 'Синець під правим оком', photoSha256: [] },
      ],
      onArrival: true,
      detaineeExplanation: 'Впав під час затримання.',
    });
    b.do('RecordForceUsed', cell - 15, u.inspector, {
      uses: u.officers.map((o) => ({
        officerId: o.id,
        officerName: o.name,
        technique: 'Загин руки за спину, кайданки',
        justification: 'Активний опір під час затримання',
        injuriesCaused: false,
      })),
    });
    b.do('RequestMedicalAid', cell - 10, u.inspector, {
      reason: 'Біль у лівій руці',
      requestedBy: 'detainee',
      service: 'ambulance',
    });
    b.do('RecordMedicalAid', cell + 40, u.medic, {
      provider: { name: 'Бригада ЕМД № 7' },
      description: 'Огляд, обробка садна; госпіталізації не потребує',
      hospitalised: false,
    });
    interrogation(b, u, cell + 240, 90);
  }),
  {
    key: 'intoxicated-at-risk',
    unit: 2,
    minutesAgo: 4 * 60 + 5,
    build(b, rng, u, number) {
      const cell = openRecord(b, rng, u, criminalOpening(b, rng, number));
      b.do('RecordIntoxication', cell + 2, u.medic, {
        intoxicated: true,
        substance: 'alcohol',
        signs: 'Запах алкоголю, порушення координації',
      });
      b.do('AssessRisk', cell + 4, u.inspector, {
        atRisk: true,
        factors: ['сп’яніння', 'висловлював думки про самоушкодження'],
        summary: 'Потребує посиленого нагляду',
      });
      b.do('SetObservationLevel', cell + 5, u.inspector, {
        level: 'constant',
        rationale: 'Ризик самоушкодження',
      });
      welfare(b, rng, u, { from: cell, to: 4 * 60 + 5, atRisk: true });
    },
  },
  {
    key: 'unidentified',
    unit: 2,
    minutesAgo: 70,
    build(b, rng, u, number) {
      const cell = openRecord(b, rng, u, {
        ...criminalOpening(b, rng, number),
        person: {
          kind: 'unidentified',
          description:
            'Чоловік близько 35 років, зріст 180 см, темне волосся, шрам на лівій брові; документів при собі не має.',
        },
      });
      welfare(b, rng, u, { from: cell, to: 70 });
    },
  },
  {
    key: 'not-yet-delivered',
    unit: 2,
    minutesAgo: 25,
    build(b, rng, u, number) {
      openRecord(b, rng, u, criminalOpening(b, rng, number, { deliveryMin: 40 }));
    },
  },
  standard(6 * 60 + 40, 0, 'flagged-contact', (b, _rng, u, cell) => {
    const contact = b.do('StartContact', cell + 60, u.duty, {
      person: { name: 'Оперуповноважений Гончар В. С.' },
      role: 'operational_officer',
      purpose: 'Бесіда',
    });
    if (contact !== undefined)
      b.do('EndContact', cell + 85, u.duty, {
        contactEventId: contact,
        summary: 'Бесіду завершено',
      });
  }),
  standard(8 * 60 + 50, 1, 'corrections', (b, _rng, u, cell) => {
    const move = b.events.find((e) => e.type === 'DetaineeMoved');
    const state = b.state;
    if (move?.type === 'DetaineeMoved' && state !== undefined) {
      // The room actually used keeps every placement rule too (domain.md §4).
      const actual = u.planner.replace(
        placementPerson(state),
        Date.parse(move.occurredAt),
        Number.POSITIVE_INFINITY,
        move.payload.to.cellId ?? '',
      );
      b.do('CorrectEntry', cell + 50, u.duty, {
        targetEventId: move.id,
        reason: `Помилково зазначено номер кімнати; фактично розміщено: ${actual.name}.`,
        correctedFields: {
          to: { zoneId: u.zoneId, cellId: actual.id, description: actual.name },
        },
      });
    }
    interrogation(b, u, cell + 150, 95);
  }),
  {
    key: 'late-entries',
    unit: 1,
    minutesAgo: 7 * 60 + 20,
    build(b, rng, u, number) {
      const cell = openRecord(b, rng, u, criminalOpening(b, rng, number));
      welfare(b, rng, u, { from: cell, to: 7 * 60 + 20, lateEvery: 0.4 });
    },
  },
];
