import { entryLabel, isLate } from '@custody/domain';
import type { ExtractBundle } from '../extract-format.ts';
import { detentionRows, personRows, type DocContext } from './document-context.ts';
import { PayloadText } from './payload-text.ts';
import type { DocumentEvent, DocumentObligation } from './record-view.ts';

function statusLine(c: DocContext): string {
  const s = c.view.state;
  if (s === undefined) return c.L.field.none;
  switch (s.status) {
    case 'detained':
    case 'in_custody':
      return c.L.text.statusOpen;
    case 'released':
      return `${c.L.text.statusReleased}: ${c.time(s.endedAt)}`;
    case 'transferred':
      return `${c.L.text.statusTransferred}: ${c.time(s.endedAt)}, ${s.destinationName}`;
  }
}

function details(
  c: DocContext,
  text: PayloadText,
  e: DocumentEvent,
  bundle: ExtractBundle | undefined,
): string {
  if (e.payload !== null) return text.lines(e).join('\n');
  const entry = bundle?.entries.find((x) => x.logIndex === e.logIndex);
  const erased =
    (entry?.withheld === true && entry.reason === 'erased') ||
    c.view.of('PayloadErased').some((p) => p.payload.targetEventId === e.id);
  return `[${erased ? c.L.text.erased : c.L.text.withheld}]`;
}

function writeEntries(c: DocContext): void {
  const { L, w } = c;
  const text = new PayloadText(c);
  w.heading(`${L.sections.entries} (${c.input.events.length})`);
  w.table(
    [
      { header: L.table.version, width: 0.06 },
      { header: L.table.time, width: 0.15 },
      { header: L.table.event, width: 0.16 },
      { header: L.table.actor, width: 0.17 },
      { header: L.table.details, width: 0.46 },
    ],
    c.input.events.map((e, i) => [
      String(e.streamVersion ?? i + 1),
      timeCell(c, e),
      // Withheld health data is named neutrally: the kind would tell of it (domain.md §5).
      entryLabel(e.type, e.withheld, c.locale),
      `${c.name(e.actor.id)}\n${L.role[e.actor.role] ?? e.actor.role}`,
      details(c, text, e, c.input.verification),
    ]),
    { size: 7.5 },
  );
}

/** "20 хв 0 с" / "-20 min 0 s": the sign says which way (server minus tablet clock). */
function offsetText(ms: number | null, locale: 'uk' | 'en'): string {
  if (ms === null) return '—';
  const total = Math.round(Math.abs(ms) / 1000);
  const [min, s] = locale === 'uk' ? ['хв', 'с'] : ['min', 's'];
  return `${ms < 0 ? '−' : '+'}${String(Math.floor(total / 60))} ${min} ${String(total % 60)} ${s}`;
}

/**
 * When the entry happened; a late one says when it was recorded. An entry made on a tablet is
 * late by its corrected tablet time (issue 19), and says its tablet time, the offset, the
 * corrected time and when the server received it.
 */
function timeCell(c: DocContext, e: DocContext['input']['events'][number]): string {
  const { L } = c;
  const mark = c.input.device?.get(e.id);
  const late = mark?.late ?? isLate(e);
  const head = late
    ? `${c.time(e.occurredAt)}\n(${L.text.late} ${c.time(mark?.stamp.correctedTime ?? e.recordedAt)})`
    : c.time(e.occurredAt);
  if (mark === undefined) return head;
  const s = mark.stamp;
  return `${head}\n(${L.text.onDevice(c.time(s.deviceTime), offsetText(s.offsetMs, c.locale), c.time(s.correctedTime))} ${c.time(s.receivedAt)})`;
}

function deadlineState(c: DocContext, o: DocumentObligation): string {
  // Custody has ended: the permanent outcome, a breach in words (domain.md §4).
  if (o.outcome !== undefined) return o.outcome.text[c.locale];
  const status =
    c.L.obligationStatus[o.status === 'met' && o.metLate === true ? 'metLate' : o.status];
  return o.metAt === undefined ? status : `${status}: ${c.time(o.metAt)}`;
}

/**
 * The record's deadlines in the domain's order of urgency (legal weight, then time); the most
 * urgent open one named first; after custody ended, each with its final outcome.
 */
function writeDeadlines(c: DocContext): void {
  const obligations = (c.input.obligations ?? []).filter(
    (o) => o.status !== 'not_applicable' || o.outcome?.kind === 'ended_before_due',
  );
  if (obligations.length === 0) return;
  c.w.heading(c.L.sections.deadlines);
  const urgent = obligations.find((o) => o.id === c.input.mostUrgentId);
  if (urgent !== undefined) {
    c.w.fields([
      [
        c.L.sections.mostUrgent,
        `${urgent.explanation[c.locale]} (${urgent.dueAt === null ? c.L.field.none : c.time(urgent.dueAt)})`,
      ],
    ]);
  }
  c.w.table(
    [
      { header: c.L.table.deadline, width: 0.5 },
      { header: c.L.table.due, width: 0.2 },
      { header: c.L.table.state, width: 0.3 },
    ],
    obligations.map((o) => [
      o.explanation[c.locale],
      o.dueAt === null ? c.L.field.none : c.time(o.dueAt),
      deadlineState(c, o),
    ]),
    { size: 8 },
  );
}

function writeVerification(c: DocContext): void {
  const { L, w } = c;
  const bundle = c.input.verification;
  w.heading(L.sections.verification);
  if (bundle === undefined) {
    w.paragraph(L.text.noVerification);
    return;
  }
  w.paragraph(L.text.verifyIntro);
  w.fields([[L.text.origin, bundle.origin]]);
  w.paragraph(`${L.text.checkpoint}:`);
  w.mono(bundle.checkpoint.trimEnd());
  w.paragraph(`${L.text.statement}:`);
  w.mono(bundle.statement.trimEnd());
  w.paragraph(`${L.text.vkey}:`);
  w.mono(bundle.vkeys.length === 0 ? L.field.none : bundle.vkeys.join('\n'));
  w.table(
    [
      { header: L.table.version, width: 0.06 },
      { header: L.table.logIndex, width: 0.12 },
      { header: L.table.leafHash, width: 0.6, mono: true },
      { header: L.table.event, width: 0.22 },
    ],
    bundle.entries.map((e) => [
      String(e.leaf.version),
      String(e.logIndex),
      e.leafHash,
      entryLabel(e.leaf.type, e.withheld ? e.reason : null, c.locale),
    ]),
    { size: 7 },
  );
  w.paragraph(L.text.verifyHow);
  w.paragraph(L.text.verifyLimits);
}

/**
 * The full custody record extract (domain.md §6): the person, the detention, every entry in
 * stream order with both times (late entries marked, domain.md §3), deadlines when given, and the
 * verification data of integrity.md ("Verification"): log origin, the signed checkpoint and the
 * signed extract statement verbatim, log index and leaf hash of every entry, the key, and how to
 * check it offline.
 */
export function writeRecordExtract(c: DocContext): void {
  const { L, w, view } = c;
  w.title(L.titles.record_extract, L.titles.record_extract_sub);
  w.fields([
    [L.field.custodyNumber, view.state?.custodyNumber ?? L.field.none],
    [L.field.recordId, c.input.recordId],
    [L.field.status, statusLine(c)],
    ...personRows(c),
    ...detentionRows(c),
  ]);
  writeDeadlines(c);
  writeEntries(c);
  writeVerification(c);
}
