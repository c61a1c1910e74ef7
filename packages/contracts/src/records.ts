import {
  COMMAND_TYPES,
  commandSchemas,
  DATE_TIME_HINT,
  RFC3339_DATE_TIME,
  LEGAL_PROFILES,
  NOTIFICATION_KINDS,
  APPROVAL_SUBJECTS,
  OBSERVATION_LEVELS,
  PLACEMENT_RULES,
  type CommandPayload,
  type CommandType,
} from '@custody/domain';
import { z } from 'zod';
import { DeviceStamp } from './devices.ts';
import { DocumentKind } from './documents.ts';

const isoInstant = z.string().describe('ISO-8601 UTC instant');

/**
 * When it happened, as the officer states it: an RFC 3339 date-time with Z or any offset, to the
 * minute or the second. The record keeps the UTC instant and the offset as given (the domain's
 * decide normalises it; payloads/date-time.ts).
 */
const statedTime = z
  .string()
  .max(40)
  .regex(RFC3339_DATE_TIME, { error: DATE_TIME_HINT })
  .describe(
    'when it happened, as the officer states it: RFC 3339 with Z or an offset, e.g. 2026-12-06T09:15:00+02:00',
  );

/** Where a deadline comes from (mirror of the domain clock's LegalBasis). */
export const LegalBasis = z.object({
  act: z.enum([
    'КПК',
    'КУпАП',
    'Конституція',
    'PACE',
    'PACE Code C',
    'CMU 1363',
    'Vienna Convention',
    'Law 2858-IX',
    'unit policy',
  ]),
  article: z.string(),
  part: z.string().optional(),
});
export type LegalBasis = z.infer<typeof LegalBasis>;

export const Bilingual = z.object({ uk: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

export const ObligationKind = z.enum([
  'suspicion_notice',
  'court_appearance',
  'detention_limit',
  'administrative_delivery_stay',
  'prosecutor_notice',
  'pace_review',
  'notification',
  'rights_explained',
  'delivery_explanation',
  'interrogation_break',
  'interrogation_daily',
  'juvenile_defender',
  'cell_check',
  'meal',
  'rest',
]);
export type ObligationKind = z.infer<typeof ObligationKind>;

export const ObligationStatus = z.enum(['upcoming', 'warning', 'overdue', 'met', 'not_applicable']);
export type ObligationStatus = z.infer<typeof ObligationStatus>;

/**
 * The final outcome of a deadline once custody has ended (mirror of the domain clock's
 * FinalOutcome, domain.md §4): met in time, breached (when it fell due, by how much it was
 * exceeded) or ended before it fell due. Permanent: the same at any later time.
 */
export const FinalOutcome = z.object({
  kind: z.enum(['met', 'breached', 'ended_before_due', 'not_applicable']),
  dueAt: isoInstant.nullable(),
  at: isoInstant.describe('when it was met, or when custody ended if it never was'),
  exceededMinutes: z.int().positive().optional(),
  afterMinutes: z.int().optional().describe('from the anchor (T0, delivery) to `at`'),
  limitMinutes: z.int().optional(),
  text: Bilingual,
});
export type FinalOutcome = z.infer<typeof FinalOutcome>;

/**
 * One deadline of a record at the server's `now` (mirror of the domain clock's Obligation,
 * domain.md §4): legal basis and a one-line bilingual explanation of why it is what it is.
 */
export const Obligation = z.object({
  id: z.string(),
  kind: ObligationKind,
  dueAt: isoInstant.nullable(),
  warnAt: isoInstant.nullable(),
  escalateAt: isoInstant.nullable().optional(),
  status: ObligationStatus,
  metAt: isoInstant.optional(),
  metByEventId: z.string().optional(),
  metLate: z.boolean().optional(),
  basis: LegalBasis,
  explanation: Bilingual,
  absolute: z.boolean().optional(),
  martialLaw: z.boolean().optional(),
  /** Set on every deadline once custody has ended (release or transfer). */
  outcome: FinalOutcome.optional(),
});
export type Obligation = z.infer<typeof Obligation>;

export const RecordStatus = z.enum(['detained', 'in_custody', 'released', 'transferred']);
export type RecordStatus = z.infer<typeof RecordStatus>;

/** The record's clock in one word, as the whiteboard colours it. */
export const WorstStatus = z.enum(['ok', 'warning', 'overdue', 'over_detention']);
export type WorstStatus = z.infer<typeof WorstStatus>;

export const LegalProfile = z.enum(LEGAL_PROFILES);
export const ObservationLevel = z.enum(OBSERVATION_LEVELS);
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** One custody record in a list or on the whiteboard. */
export const RecordSummary = z.object({
  id: z.string(),
  unitId: z.string(),
  status: RecordStatus,
  custodyNumber: z.string().nullable(),
  person: z.object({
    /** Full name, or "Невстановлена особа / Unidentified person: <description>". */
    displayName: z.string(),
    juvenile: z.boolean(),
    foreigner: z.boolean(),
  }),
  profile: LegalProfile,
  /** Actual detention (КПК ст. 209). */
  t0: isoInstant,
  deliveredAt: isoInstant.nullable(),
  endedAt: isoInstant.nullable(),
  /** Where the detainee is now, as a display string; null before any movement. */
  location: z.string().nullable(),
  observationLevel: ObservationLevel.nullable(),
  worstStatus: WorstStatus,
  overDetention: z.boolean(),
  /** The open deadline that falls due first. */
  nextDue: Obligation.nullable(),
  /**
   * The open deadline that ranks first by legal weight, then time (domain.md §4 "Severity"):
   * what the whiteboard, the record page and documents show as the record's deadline.
   */
  mostUrgent: Obligation.nullable(),
  /** Stream version: send it back as `expectedVersion` with the next command. */
  version: z.int().nonnegative(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

/** Filters of `GET /api/v1/records`; `status` 'active' means detained or in custody. */
export const RecordListQuery = z.object({
  unitId: z.string().min(1).max(100).optional(),
  status: z.enum(['active', 'closed', ...RecordStatus.options]).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('name or custody number'),
  from: z.iso.datetime().optional().describe('actual detention at or after'),
  to: z.iso.datetime().optional().describe('actual detention before'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type RecordListQuery = z.input<typeof RecordListQuery>;

export const RecordPage = z.object({
  items: z.array(RecordSummary),
  nextCursor: z.string().nullable(),
});
export type RecordPage = z.infer<typeof RecordPage>;

export const ActorView = z.object({
  id: z.string(),
  role: z.string(),
  displayName: z.string().nullable(),
});
export type ActorView = z.infer<typeof ActorView>;

/** Why a payload is not shown: health data without consent (domain.md §5), or lawfully erased. */
export const Withheld = z.enum(['health_without_consent', 'erased']);
export type Withheld = z.infer<typeof Withheld>;

/**
 * One entry of the record as it was logged: both times (domain.md §3), the late mark, and
 * corrections linked both ways; the payload is null when withheld.
 */
export const TimelineEntry = z.object({
  logIndex: z.int().nonnegative(),
  eventId: z.string(),
  version: z.int().positive(),
  type: z.string(),
  occurredAt: isoInstant,
  /** The offset the time was stated in (RFC 3339, e.g. '+02:00'); null when stated in UTC. */
  occurredOffset: z.string().nullable(),
  recordedAt: isoInstant,
  late: z.boolean(),
  actor: ActorView,
  payload: z.unknown().nullable(),
  withheld: Withheld.nullable(),
  corrects: z.string().nullable(),
  correctedBy: z.array(z.string()),
  leafHash: z.string(),
  /** Made offline on an enrolled device: its clock, the measured offset and the receive time. */
  device: DeviceStamp.nullable().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A placement recorded although it broke placement rules (domain.md §4), with its stated reason. */
export const PlacementFlag = z.object({
  breaches: z.array(z.enum(PLACEMENT_RULES)),
  reason: z.string(),
});
export type PlacementFlag = z.infer<typeof PlacementFlag>;

/**
 * A request for a supervisor's approval still pending (domain.md §2, §3.8; the two-step flow): a
 * supervisor of the record's unit approves or refuses it as their own entry (DecideApproval).
 */
export const PendingApprovalView = z.object({
  /** The ApprovalRequested entry; a decision names it as `requestEventId`. */
  eventId: z.string(),
  subject: z.enum(APPROVAL_SUBJECTS),
  /** The level asked for. */
  level: ObservationLevel,
  rationale: z.string(),
  requestedBy: ActorView,
  requestedAt: isoInstant,
});
export type PendingApprovalView = z.infer<typeof PendingApprovalView>;

export const RecordFlags = z.object({
  overDetention: z.boolean(),
  overDetentionSince: isoInstant.nullable(),
  martialLaw: z.boolean(),
  flaggedContacts: z.int().nonnegative(),
  lateEntries: z.int().nonnegative(),
  corrections: z.int().nonnegative(),
  juvenile: z.boolean(),
  foreigner: z.boolean(),
  /** Entries that came from a device after a gap or as a fork of its chain. */
  deviceChainBreaks: z.int().nonnegative().optional(),
  /** Set while the current placement is one recorded flagged (it broke placement rules). */
  placement: PlacementFlag.nullable(),
});
export type RecordFlags = z.infer<typeof RecordFlags>;

/** The name of a domain command (one route each: POST /records/:recordId/commands/<name>). */
export const CommandTypeName = z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]);

/** One record as the record screen shows it. */
export const RecordView = z.object({
  summary: RecordSummary,
  obligations: z.array(Obligation),
  timeline: z.array(TimelineEntry),
  flags: RecordFlags,
  /** True when at least one health or risk entry is withheld from the caller. */
  healthWithheld: z.boolean(),
  /** Requests awaiting a supervisor's decision, oldest first; empty when risk data is withheld. */
  pendingApprovals: z.array(PendingApprovalView),
  /**
   * The commands the caller may issue on this record now: authorized for the caller (the
   * authorization matrix) and accepted by the domain in the record's state (`acceptedCommands`).
   * Screens offer exactly these; the server still decides each command.
   */
  commands: z.array(CommandTypeName),
  /**
   * The documents this record calls for (its profile and entries), each of which renders; empty
   * for a caller who may not export the record's documents.
   */
  documents: z.array(DocumentKind),
});
export type RecordView = z.infer<typeof RecordView>;

/** The stated reason of a read (required for hq, monitor and lawyer; domain.md §5). */
export const AccessReasonQuery = z.object({
  reason: z.string().trim().min(1).max(500).optional(),
});

/** Body of `POST /api/v1/records/:recordId/commands/<CommandType>`. */
export function commandRequest<P extends z.ZodType>(payload: P) {
  return z.strictObject({
    occurredAt: statedTime,
    expectedVersion: z.int().nonnegative().describe('the record version last seen'),
    payload,
  });
}

export type CommandRequestSchema = ReturnType<typeof commandRequest<z.ZodType>>;

/** The request schema of each command route, one per domain command. */
export const CommandRequests = Object.fromEntries(
  COMMAND_TYPES.map((c) => [c, commandRequest(commandSchemas[c] as z.ZodType)]),
) as Readonly<Record<CommandType, CommandRequestSchema>>;

/** What a client sends to the route of command `C` (payload typed by the domain). */
export interface CommandRequest<C extends CommandType = CommandType> {
  occurredAt: string;
  expectedVersion: number;
  payload: CommandPayload<C>;
}

/**
 * The commands a batch may hold: every command of an open record but the opening one (its own
 * route, POST /records) and an erasure (a tombstone over an earlier entry, one at a time).
 */
export const BATCH_COMMAND_TYPES: readonly CommandType[] = COMMAND_TYPES.filter(
  (c) => c !== 'RecordDetention' && c !== 'EraseEventPayload',
);

/** The most items one batch holds. */
export const MAX_BATCH_ITEMS = 50;

const batchItems = BATCH_COMMAND_TYPES.map((c) =>
  z.strictObject({
    type: z.literal(c),
    occurredAt: statedTime,
    payload: commandSchemas[c] as z.ZodType,
  }),
);

/** One item of a batch: a command, when it happened, and its payload (as on its own route). */
export const BatchItem = z.discriminatedUnion(
  'type',
  batchItems as [(typeof batchItems)[number], ...(typeof batchItems)[number][]],
);
export type BatchItem = z.infer<typeof BatchItem>;

/**
 * Body of `POST /api/v1/records/:recordId/batch`: several entries of one record, stored together
 * or not at all, with the one record version the caller last saw.
 */
export const BatchRequest = z.strictObject({
  expectedVersion: z.int().nonnegative().describe('the record version last seen'),
  commands: z
    .array(BatchItem)
    .min(1)
    .max(MAX_BATCH_ITEMS)
    .describe(
      'decided in order, each on the record as the items before it left it; all are stored or none',
    ),
});

/** What a client sends to the batch route (payloads typed by the domain). */
export interface BatchRequestBody {
  expectedVersion: number;
  commands: {
    [C in CommandType]: { type: C; occurredAt: string; payload: CommandPayload<C> };
  }[CommandType][];
}

/**
 * Body of `POST /api/v1/records`: actual detention; the server assigns the record id and names
 * the caller's unit.
 */
export const OpenRecordRequest = z.strictObject({
  occurredAt: statedTime,
  payload: commandSchemas.RecordDetention.omit({ recordId: true, unitId: true }),
});
export type OpenRecordRequest = z.input<typeof OpenRecordRequest>;

/** Proof that an entry is in the log (integrity.md, "Receipt on every append"). */
export const AppendReceipt = z.object({
  logIndex: z.int().nonnegative(),
  leafHash: z.string(),
  checkpoint: z.string().describe('C2SP signed note'),
  inclusionProof: z.array(z.string()),
  treeSize: z.int().positive(),
});
export type AppendReceipt = z.infer<typeof AppendReceipt>;

export const CommandResult = z.object({
  recordId: z.string(),
  version: z.int().positive(),
  events: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      logIndex: z.int().nonnegative(),
      late: z.boolean(),
    }),
  ),
  receipts: z.array(AppendReceipt),
});
export type CommandResult = z.infer<typeof CommandResult>;

/** One read of a record, as the read audit logged it (domain.md §5). */
export const AccessLogEntry = z.object({
  logIndex: z.int().nonnegative(),
  at: isoInstant,
  actor: ActorView,
  reason: z.string().nullable(),
  purpose: z.string(),
  route: z.string(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntry>;
