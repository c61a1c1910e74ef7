import type { EventOf } from '@custody/domain';
import { personRows, signatureText, type DocContext } from './document-context.ts';

function itemTable(c: DocContext, items: EventOf<'PropertyRecorded'>['payload']['items']): void {
  c.w.table(
    [
      { header: c.L.table.no, width: 0.07 },
      { header: c.L.table.item, width: 0.55 },
      { header: c.L.table.quantity, width: 0.1 },
      { header: c.L.table.notes, width: 0.28 },
    ],
    items.map((it, i) => [String(i + 1), it.description, String(it.quantity), it.notes ?? '']),
  );
}

/** Property receipt (domain.md §3.9): items, bag seal, signature or refusal; returned and retained. */
export function writePropertyReceipt(c: DocContext): void {
  const { L, w, view } = c;
  w.title(L.titles.property_receipt, L.titles.property_receipt_sub);
  w.fields(personRows(c));
  for (const p of view.of('PropertyRecorded')) {
    w.heading(`${L.field.property}: ${c.time(p.occurredAt)}`);
    itemTable(c, p.payload.items);
    w.fields([
      [L.field.sealNumber, p.payload.bagSealNumber ?? L.field.none],
      [L.field.signature, signatureText(c, p.payload.signature)],
    ]);
  }
  for (const r of view.of('PropertyReturned')) {
    w.heading(`${L.sections.returned}: ${c.time(r.occurredAt)}`);
    itemTable(c, r.payload.items);
  }
  for (const r of view.of('PropertyRetained')) {
    w.heading(`${L.sections.retained}: ${c.time(r.occurredAt)}`);
    itemTable(c, r.payload.items);
    w.fields([[L.field.legalBasis, `${r.payload.legalBasis}; ${r.payload.reason}`]]);
  }
  w.paragraph(L.text.receiptNote, { small: true });
  w.signatures([L.text.signOfficer, L.text.signDetainee]);
}
