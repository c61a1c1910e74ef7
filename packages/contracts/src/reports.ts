import { z } from 'zod';

const isoInstant = z.string().describe('ISO-8601 UTC instant');

/** The period of a report: `to` after `from`, at most 366 days (ComplianceQuery's rule). */
function period<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  return schema
    .refine((v) => Date.parse(v.from) < Date.parse(v.to), {
      path: ['to'],
      error: 'to must be after from',
    })
    .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 24 * 3600 * 1000, {
      path: ['to'],
      error: 'a report covers at most 366 days',
    });
}

/**
 * `GET /api/v1/reports/compliance?unitId&from&to`: records whose actual detention falls in
 * [from, to); without `unitId`, every unit the caller may read reports of (HQ: all).
 */
export const ComplianceQuery = period(
  z.object({
    unitId: z.string().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  }),
);
export type ComplianceQuery = z.input<typeof ComplianceQuery>;

/**
 * `GET /api/v1/reports/compliance/findings?unitId&figure&from&to&limit&cursor`: the occurrences
 * of one figure in one unit's records detained in [from, to), in order of actual detention,
 * record and place in the record, a page at a time (`cursor`: the previous page's `nextCursor`).
 */
export const ComplianceFindingsQuery = period(
  z.object({
    unitId: z.string().min(1).max(100),
    figure: z
      .string()
      .min(1)
      .max(100)
      .describe(
        "a figure of the counts answer: 'detentions', 'lateEntries', 'cellChecks.late', 'notification.legal_aid_centre.late', …",
      ),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(500).optional(),
  }),
);
export type ComplianceFindingsQuery = z.input<typeof ComplianceFindingsQuery>;

/** One occurrence behind a figure: the record, and where it helps the entry, officer or delay. */
export const ReportFinding = z.object({
  recordId: z.string(),
  eventId: z.string().optional(),
  officerId: z.string().optional(),
  /** Minutes of delay or overrun, when the figure measures one. */
  minutes: z.number().optional(),
  /**
   * What the occurrence is, as a code the screens name: a legal-clock obligation kind
   * (`detention_limit`), an entry's event type (`CellCheckRecorded`), `never` (a notification not
   * made), `not_registered`, or an instant (a check's due time, the start of martial law).
   */
  detail: z.string().optional(),
  /** The deadline's final outcome, for a record whose custody has ended (domain.md §4). */
  outcome: z.object({ uk: z.string(), en: z.string() }).optional(),
});
export type ReportFinding = z.infer<typeof ReportFinding>;

/** A record a figure names, as the drill-down lists it: the person and the detention. */
export const ReportRecord = z.object({
  recordId: z.string(),
  personName: z.string(),
  custodyNumber: z.string().nullable(),
  t0: isoInstant,
});
export type ReportRecord = z.infer<typeof ReportRecord>;

/** A count with its drill-down: the distinct records behind it and each occurrence. */
export const ReportFigure = z.object({
  count: z.int().nonnegative().describe('occurrences'),
  recordIds: z.array(z.string()).describe('distinct records, sorted'),
  findings: z.array(ReportFinding),
});
export type ReportFigure = z.infer<typeof ReportFigure>;

/** Delay of a notification after actual detention ("immediately", CMU 1363; domain.md §4). */
export const DelayBuckets = z.object({
  within30m: ReportFigure,
  within1h: ReportFigure,
  within3h: ReportFigure,
  over3h: ReportFigure,
  never: ReportFigure,
});
export type DelayBuckets = z.infer<typeof DelayBuckets>;

export const NotificationFigure = z.object({
  kind: z.string(),
  required: z.int().nonnegative(),
  /** Made later than the unit's overdue point (default 30 min), or never made. */
  late: ReportFigure,
  buckets: DelayBuckets,
});
export type NotificationFigure = z.infer<typeof NotificationFigure>;

/** A deadline of the legal clock met late or still overdue (domain.md §4). */
export const DeadlineFigure = z.object({
  metLate: ReportFigure,
  overdue: ReportFigure,
});
export type DeadlineFigure = z.infer<typeof DeadlineFigure>;

export const DayCount = z.object({
  date: z.string().describe('YYYY-MM-DD in the unit time zone'),
  count: z.int().nonnegative(),
  recordIds: z.array(z.string()),
});

/** The compliance figures of one unit over one period (domain.md §7). */
export const UnitCompliance = z.object({
  unitId: z.string(),
  detentions: ReportFigure,
  detentionsPerDay: z.array(DayCount),
  /** Registration later than the limit after delivery, or never registered. */
  lateRegistrations: ReportFigure,
  /** Gap between actual detention and registration, every record (minutes). */
  detentionToRegistration: ReportFigure,
  lateNotifications: z.array(NotificationFigure),
  breaches: z.object({
    suspicionNotice24h: DeadlineFigure,
    court60h: DeadlineFigure,
    limit72h: DeadlineFigure,
    otherLimits: DeadlineFigure,
  }),
  overDetentions: ReportFigure,
  /**
   * Rights and grounds explained late (Конституція ст. 29; КПК ст. 208 ч. 4; КУпАП ст. 261): the
   * clock's final outcome `breached` once custody ended; before that, explained late or overdue.
   */
  rightsExplainedLate: ReportFigure,
  cellChecks: z.object({ late: ReportFigure, missed: ReportFigure }),
  deliveryDelays: ReportFigure,
  juvenilesWithoutDefender: ReportFigure,
  lateEntries: ReportFigure,
  forceWithoutEntry: ReportFigure,
  injuriesOnArrival: ReportFigure,
  martialLaw: ReportFigure,
});
export type UnitCompliance = z.infer<typeof UnitCompliance>;

export const ComplianceReport = z.object({
  from: isoInstant,
  to: isoInstant,
  /** The instant the legal clock was evaluated at. */
  generatedAt: isoInstant,
  limits: z.object({
    lateEntryMinutes: z.number(),
    lateRegistrationMinutes: z.number(),
    notificationOverdueMinutes: z.number(),
    deliveryDelayMinutes: z.number(),
  }),
  units: z.array(UnitCompliance),
  /** Every record of the report (detained in the period), for the drill-downs, by record id. */
  records: z.array(ReportRecord),
});
export type ComplianceReport = z.infer<typeof ComplianceReport>;

/** How often a figure occurs in a unit's records, and in how many records. */
export const FigureCount = z.object({
  count: z.int().nonnegative().describe('occurrences'),
  records: z.int().nonnegative().describe('distinct records'),
});
export type FigureCount = z.infer<typeof FigureCount>;

/**
 * `GET /api/v1/reports/compliance/counts?unitId&from&to`: the report's figures without their
 * drill-downs (those are paged by `GET /api/v1/reports/compliance/findings`). Each unit names
 * the figures that occur in it: `detentions`, the report's figures by their path
 * (`lateRegistrations`, `breaches` without its group: `limit72h.overdue`, `cellChecks.missed`, …)
 * and per notification kind `notification.<kind>.late` and `notification.<kind>.<bucket>`.
 */
export const ComplianceCounts = z.object({
  from: isoInstant,
  to: isoInstant,
  generatedAt: isoInstant,
  limits: ComplianceReport.shape.limits,
  units: z.array(z.object({ unitId: z.string(), figures: z.record(z.string(), FigureCount) })),
  /** Detentions per calendar day, each unit's days in its own time zone, every unit together. */
  detentionsPerDay: z.array(
    z.object({ date: z.string().describe('YYYY-MM-DD'), count: z.int().nonnegative() }),
  ),
});
export type ComplianceCounts = z.infer<typeof ComplianceCounts>;

/** A page of one figure's occurrences in one unit, with the records they name. */
export const ComplianceFindingsPage = z.object({
  unitId: z.string(),
  figure: z.string(),
  findings: z.array(ReportFinding),
  /** The records of this page's findings. */
  records: z.array(ReportRecord),
  nextCursor: z.string().nullable(),
});
export type ComplianceFindingsPage = z.infer<typeof ComplianceFindingsPage>;
