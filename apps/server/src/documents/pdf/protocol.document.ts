import { detentionRows, personRows, type DocContext } from './document-context.ts';
import { languageName } from './format-time.ts';

/**
 * Protocol of detention (КПК ст. 104, 208 ч. 5) or of administrative detention (КУпАП ст. 261):
 * who, when to the minute, where, on what basis and grounds, rights explained, whom notified,
 * property taken; signatures of the officer and the detainee, or the reason for refusal.
 */
export function writeProtocol(c: DocContext, administrative: boolean): void {
  const { L, w, view } = c;
  const protocol = view.of('DetentionProtocolDrawnUp')[0];
  const rights = view.of('RightsExplained')[0];
  const t = L.titles;
  w.title(
    administrative ? t.administrative_detention_protocol : t.detention_protocol,
    administrative ? t.administrative_detention_protocol_sub : t.detention_protocol_sub,
  );
  w.fields([
    [L.field.protocolNumber, protocol?.payload.protocolNumber ?? L.field.none],
    [L.field.drawnUpAt, protocol === undefined ? L.field.none : c.time(protocol.occurredAt)],
    [L.field.drawnUpBy, protocol === undefined ? L.field.none : c.name(protocol.actor.id)],
    [L.field.unit, `${c.input.unit.name} (${c.input.unit.code})`],
    [L.field.custodyNumber, view.state?.custodyNumber ?? L.field.none],
  ]);
  w.heading(L.sections.detention);
  w.fields([...personRows(c), ...detentionRows(c)]);
  w.heading(L.sections.custody);
  const notifications = view
    .of('NotificationMade')
    .map(
      (n) =>
        `${L.notificationKind[n.payload.kind] ?? n.payload.kind}: ${n.payload.recipient}, ${c.time(n.occurredAt)}`,
    );
  const property = view
    .of('PropertyRecorded')
    .flatMap((p) => p.payload.items.map((i) => `${i.description} × ${i.quantity}`));
  w.fields([
    [
      L.field.responsibleOfficial,
      view.state?.responsibleOfficialId === undefined
        ? L.field.none
        : c.name(view.state.responsibleOfficialId),
    ],
    [
      L.field.rightsExplainedAt,
      rights === undefined
        ? L.field.none
        : `${c.time(rights.occurredAt)}; ${L.field.language}: ${languageName(rights.payload.language, c.locale)}`,
    ],
    [L.field.interpreter, rights?.payload.interpreter?.name ?? L.field.none],
    [L.field.notifications, notifications.length === 0 ? L.field.none : notifications.join('\n')],
    [L.field.property, property.length === 0 ? L.field.none : property.join('\n')],
  ]);
  w.paragraph(administrative ? L.text.adminRule : L.text.copyRule, { small: true });
  w.signatures([L.text.signOfficer, L.text.signDetainee, L.text.signDefender, L.text.signRefusal]);
}
