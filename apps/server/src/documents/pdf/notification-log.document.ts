import { personRows, type DocContext } from './document-context.ts';
import { formatElapsed } from './format-time.ts';

/**
 * Notification log (КПК ст. 213; CMU resolution 1363; Vienna Convention art. 36): every notice with
 * time, recipient, method, reference and who made it, and how long after the actual detention;
 * the notice to the free legal aid centre is stated on its own, or its absence flagged.
 */
export function writeNotificationLog(c: DocContext): void {
  const { L, w, view } = c;
  w.title(L.titles.notification_log, L.titles.notification_log_sub);
  w.fields([...personRows(c), [L.field.detainedAt, c.time(view.state?.t0)]]);
  const t0 = view.state?.t0;
  const notes = view.of('NotificationMade');
  w.heading(L.sections.legalAid);
  const legalAid = notes.find((n) => n.payload.kind === 'legal_aid_centre');
  w.paragraph(
    legalAid === undefined || t0 === undefined
      ? L.text.legalAidMissing
      : L.text.legalAidMade(
          c.time(legalAid.occurredAt),
          formatElapsed(t0, legalAid.occurredAt, c.locale),
        ),
  );
  w.heading(L.field.notifications);
  if (notes.length === 0) {
    w.paragraph(L.text.noEntries);
    return;
  }
  w.table(
    [
      { header: L.table.no, width: 0.04 },
      { header: L.table.time, width: 0.15 },
      { header: L.table.elapsed, width: 0.11 },
      { header: L.table.kind, width: 0.14 },
      { header: L.table.recipient, width: 0.19 },
      { header: L.table.method, width: 0.12 },
      { header: L.table.reference, width: 0.12 },
      { header: L.table.madeBy, width: 0.13 },
    ],
    notes.map((n, i) => [
      String(i + 1),
      c.time(n.occurredAt),
      t0 === undefined ? L.field.none : formatElapsed(t0, n.occurredAt, c.locale),
      L.notificationKind[n.payload.kind] ?? n.payload.kind,
      n.payload.recipient,
      L.method[n.payload.method] ?? n.payload.method,
      n.payload.referenceNumber ?? L.field.none,
      n.payload.madeBy.name,
    ]),
    { size: 7.5 },
  );
  w.signatures([L.text.signInspector]);
}
