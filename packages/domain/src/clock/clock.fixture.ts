import type { z } from 'zod';
import type { CustodyEvent, Role } from '../envelope.ts';
import type { EventType, PayloadSchemas } from '../events.ts';
import { parsePayload } from '../events.ts';
import type { LegalProfile } from '../payloads/arrest.payloads.ts';
import type { NotificationKind } from '../payloads/rights.payloads.ts';
import { addMinutes } from './time.ts';

type Input<T extends EventType> = z.input<PayloadSchemas[T]>;

const person = { name: 'Петренко П. П.' };

/**
 * Builds the events of one record for clock tests, `minutes` after T0. Every payload goes through
 * the real zod schema, so fixtures cannot drift from the event catalogue.
 */
export class RecordBuilder {
  readonly events: CustodyEvent[] = [];
  private n = 0;

  constructor(readonly t0: string) {}

  at(minutes: number): string {
    return addMinutes(this.t0, minutes);
  }

  add<T extends EventType>(
    type: T,
    minutes: number,
    input: Input<T>,
    role: Role = 'custody_inspector',
  ): string {
    const parsed = parsePayload(type, input);
    if (!parsed.success) throw new Error(`${type}: ${parsed.error.message}`);
    const occurredAt = this.at(minutes);
    const id = `e${String(++this.n).padStart(3, '0')}`;
    const event = {
      id,
      type,
      occurredAt,
      recordedAt: occurredAt,
      actor: { id: `u-${role}`, role },
      payload: parsed.data,
    };
    this.events.push(event as CustodyEvent);
    return id;
  }

  detained(
    profile: LegalProfile = 'ua_criminal_208',
    flags: { juvenile?: boolean; foreigner?: boolean } = {},
  ): this {
    this.add(
      'DetentionRecorded',
      0,
      {
        recordId: 'r1',
        person: { kind: 'identified', fullName: 'Іваненко Іван' },
        place: { description: 'Київ, вул. Хрещатик, 1' },
        detainingOfficers: [person],
        profile,
        legalBasis: 'ст. 208',
        grounds: 'застали під час вчинення',
        juvenile: flags.juvenile ?? false,
        foreigner: flags.foreigner ?? false,
        language: 'uk',
        bodycamRefs: [],
      },
      'detaining_officer',
    );
    return this;
  }

  delivered(minutes: number, delayExplanation?: string): this {
    this.add(
      'DetaineeDelivered',
      minutes,
      { unitId: 'u1', ...(delayExplanation === undefined ? {} : { delayExplanation }) },
      'detaining_officer',
    );
    return this;
  }

  rightsExplained(minutes: number): this {
    this.add('RightsExplained', minutes, {
      language: 'uk',
      writtenNoticeHandedOver: true,
      signature: { signed: true },
    });
    return this;
  }

  notified(kind: NotificationKind, minutes: number): this {
    this.add('NotificationMade', minutes, {
      kind,
      recipient: 'адресат',
      method: 'phone',
      madeBy: person,
      delegatedToOfficer: false,
    });
    return this;
  }

  suspicion(minutes: number): this {
    this.add(
      'SuspicionNoticeServed',
      minutes,
      { proceedingNumber: '12025000000000001', article: 'ст. 185', servedBy: person },
      'investigator',
    );
    return this;
  }

  court(minutes: number): this {
    this.add(
      'CourtDecisionRecorded',
      minutes,
      { outcome: 'custody', court: 'Печерський районний суд' },
      'investigator',
    );
    return this;
  }

  released(minutes: number): this {
    this.add('DetaineeReleased', minutes, {
      ground: 'investigator_decision',
      legalBasis: 'КПК ст. 211',
      propertyReturned: 'none_held',
      recordCopyHandedOver: true,
    });
    return this;
  }

  transferred(minutes: number): this {
    this.add(
      'DetaineeTransferred',
      minutes,
      {
        destinationKind: 'sizo',
        destinationName: 'Київський СІЗО',
        ground: 'ухвала суду',
        escort: [person],
        handedOverTo: person,
      },
      'duty_inspector',
    );
    return this;
  }

  protocol(minutes: number): this {
    this.add('DetentionProtocolDrawnUp', minutes, {
      protocolNumber: 'П-1',
      copyHandedToDetainee: true,
      copySentToProsecutor: true,
    });
    return this;
  }

  martialLaw(minutes: number, role: Role = 'supervisor'): this {
    this.add(
      'MartialLawConditionsRecorded',
      minutes,
      { supervisorId: 's1', conditions: 'умови ст. 615' },
      role,
    );
    return this;
  }

  reclassified(minutes: number, newProfile: LegalProfile, clockStartsAt?: string): this {
    this.add(
      'DetentionReclassified',
      minutes,
      {
        newProfile,
        legalBasis: 'КПК ст. 208',
        grounds: 'ознаки злочину',
        ...(clockStartsAt === undefined ? {} : { clockStartsAt }),
      },
      'investigator',
    );
    return this;
  }

  interrogation(
    kind: 'start' | 'pause' | 'resume' | 'end',
    minutes: number,
    defenderPresent = true,
  ): this {
    switch (kind) {
      case 'start':
        this.add(
          'InterrogationStarted',
          minutes,
          { interrogatorId: 'i1', defenderPresent },
          'investigator',
        );
        break;
      case 'pause':
        this.add('InterrogationPaused', minutes, {}, 'investigator');
        break;
      case 'resume':
        this.add('InterrogationResumed', minutes, { defenderPresent }, 'investigator');
        break;
      case 'end':
        this.add('InterrogationEnded', minutes, {}, 'investigator');
        break;
    }
    return this;
  }

  cellCheck(minutes: number, roused = false): this {
    this.add(
      'CellCheckRecorded',
      minutes,
      { condition: 'спокійний', roused, concern: false },
      'duty_inspector',
    );
    return this;
  }

  meal(minutes: number): this {
    this.add('MealOffered', minutes, { kind: 'light', accepted: true }, 'duty_inspector');
    return this;
  }

  rest(fromMinutes: number, toMinutes: number, interrupted = false): this {
    this.add(
      'RestPeriodRecorded',
      toMinutes,
      { from: this.at(fromMinutes), to: this.at(toMinutes), interrupted },
      'duty_inspector',
    );
    return this;
  }

  intoxicated(minutes: number, intoxicated = true): this {
    this.add(
      'IntoxicationRecorded',
      minutes,
      { intoxicated, substance: 'alcohol', signs: 'запах алкоголю' },
      'medical',
    );
    return this;
  }

  observation(
    minutes: number,
    level: 'general' | 'intermittent' | 'constant' | 'close_proximity',
  ): this {
    this.add('ObservationLevelSet', minutes, {
      level,
      rationale: 'оцінка ризику',
      supervisorApproval: { supervisorId: 's1' },
    });
    return this;
  }

  consular(kind: 'requested' | 'declined', minutes: number): this {
    if (kind === 'requested')
      this.add('ConsularNotificationRequested', minutes, { country: 'Польща' });
    else
      this.add('ConsularNotificationDeclined', minutes, {
        country: 'Польща',
        signature: { signed: true },
      });
    return this;
  }

  paceAuthorisation(
    minutes: number,
    kind: 'superintendent_extension' | 'warrant_of_further_detention' | 'warrant_extension',
    hours: number,
  ): this {
    this.add(
      'PaceAuthorisationRecorded',
      minutes,
      { kind, authorisedBy: person, detentionLimitHours: hours, grounds: 'evidence being secured' },
      'supervisor',
    );
    return this;
  }

  paceReview(minutes: number): this {
    this.add(
      'PaceReviewRecorded',
      minutes,
      { reviewer: person, outcome: 'continued', representationsHeard: true },
      'supervisor',
    );
    return this;
  }
}

/** Minutes in `hours` hours. */
export const hours = (n: number): number => n * 60;
