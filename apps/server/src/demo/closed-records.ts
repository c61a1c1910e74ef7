import {
  birthDate,
  CRIMINAL_GROUNDS,
  ADMINISTRATIVE_GROUNDS,
  ukrainianName,
} from './demo-names.ts';
import type { DemoUnit } from './demo-staff.ts';
import type { Rng } from './prng.ts';
import type { RecordBuilder } from './record-builder.ts';
import { interrogation, openRecord, release, welfare } from './record-steps.ts';

type Kind = 'released' | 'court' | 'administrative' | 'time_limit';

function kindOf(rng: Rng): Kind {
  const x = rng.next();
  if (x < 0.55) return 'released';
  if (x < 0.77) return 'court';
  if (x < 0.97) return 'administrative';
  return 'time_limit';
}

/** About one closed record in twelve carries a correction (domain.md §3: never an edit). */
function maybeCorrect(b: RecordBuilder, rng: Rng, u: DemoUnit, at: number): void {
  if (!rng.chance(0.08)) return;
  const check = b.events.find((e) => e.type === 'CellCheckRecorded');
  if (check === undefined) return;
  b.do('CorrectEntry', at, u.duty, {
    targetEventId: check.id,
    reason: 'Помилково зазначено стан затриманого; уточнено за відеозаписом камери в коридорі.',
    correctedFields: { condition: 'Спить, дихання рівне' },
  });
}

function criminal(b: RecordBuilder, rng: Rng, u: DemoUnit, kind: Kind, number: string): void {
  const g = rng.pick(CRIMINAL_GROUNDS);
  const t0 = new Date(b.t0);
  const name = ukrainianName(rng);
  const cell = openRecord(b, rng, u, {
    person: {
      kind: 'identified',
      fullName: name.fullName,
      dateOfBirth: birthDate(rng, t0, rng.int(19, 58)),
    },
    profile: 'ua_criminal_208',
    legalBasis: 'КПК ст. 208 ч. 1 п. 1',
    grounds: g.grounds,
    deliveryMin: rng.int(15, 55),
    legalAidAfter: rng.chance(0.1) ? rng.int(40, 200) : rng.int(8, 14),
    custodyNumber: number,
    stayMin: 73 * 60, // the longest a closed criminal record below lasts (71 h + 50 min)
  });
  const end =
    kind === 'released'
      ? rng.int(5 * 60, 30 * 60)
      : kind === 'court'
        ? rng.int(40 * 60, 58 * 60)
        : 71 * 60 + rng.int(0, 50);
  interrogation(b, u, cell + rng.int(60, 180), rng.int(60, 170));
  if (end > 20 * 60) {
    b.do('ServeSuspicionNotice', rng.int(16 * 60, 22 * 60), u.investigator, {
      proceedingNumber: `12025${rng.int(100_000_000, 999_999_999)}`,
      article: g.article,
      servedBy: { id: u.investigator.id, name: u.investigator.name },
    });
  }
  welfare(b, rng, u, { from: cell, to: end - 10 });
  maybeCorrect(b, rng, u, end - 6);
  if (kind === 'court') {
    b.do('ScheduleCourtHearing', end - 8 * 60, u.investigator, {
      court: u.city.court,
      scheduledFor: b.at(end - 90),
    });
    const custody = rng.chance(0.6);
    b.do('RecordCourtDecision', end - 30, u.investigator, {
      outcome: custody ? 'custody' : 'bail',
      court: u.city.court,
      decisionRef: `ухвала № ${rng.int(100, 999)}/${rng.int(1000, 9999)}/25`,
    });
    if (custody) {
      b.do('TransferDetainee', end, u.duty, {
        destinationKind: 'sizo',
        destinationName: u.city.sizo,
        ground:
          'Ухвала слідчого судді про застосування запобіжного заходу у вигляді тримання під вартою',
        escort: [{ name: 'Конвой ГУНП' }],
        handedOverTo: { name: `Черговий ${u.city.sizo}` },
      });
      return;
    }
    release(b, u, end, 'bail');
    return;
  }
  release(
    b,
    u,
    end,
    kind === 'time_limit'
      ? 'time_limit_reached'
      : rng.pick(['suspicion_not_confirmed', 'investigator_decision'] as const),
  );
}

function administrative(b: RecordBuilder, rng: Rng, u: DemoUnit, number: string): void {
  const t0 = new Date(b.t0);
  const cell = openRecord(b, rng, u, {
    person: {
      kind: 'identified',
      fullName: ukrainianName(rng).fullName,
      dateOfBirth: birthDate(rng, t0, rng.int(18, 60)),
    },
    profile: 'ua_administrative',
    legalBasis: 'КУпАП ст. 262, 263',
    grounds: rng.pick(ADMINISTRATIVE_GROUNDS),
    deliveryMin: rng.int(10, 40),
    custodyNumber: number,
    stayMin: 4 * 60, // delivery (at most 40 min), the cell at +34 min, release 1-2 h later
  });
  b.do('DrawUpDetentionProtocol', cell + 5, u.duty, {
    protocolNumber: `АД-${rng.int(100_000, 999_999)}`,
    copyHandedToDetainee: true,
    copySentToProsecutor: false,
  });
  const end = cell + rng.int(60, 120);
  welfare(b, rng, u, { from: cell, to: end - 5 });
  release(b, u, end, 'administrative_case_completed');
}

/** One closed demo record of a drawn kind: released, sent to court, administrative, or at 72 h. */
export function closedRecord(b: RecordBuilder, rng: Rng, u: DemoUnit, number: string): void {
  const kind = kindOf(rng);
  if (kind === 'administrative') administrative(b, rng, u, number);
  else criminal(b, rng, u, kind, number);
}
