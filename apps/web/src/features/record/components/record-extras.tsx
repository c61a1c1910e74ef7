import type { ReactNode } from 'react';
import { useDutyT } from '../i18n/use-duty-t.ts';

/**
 * The slot for the documents panel and the "verify this record" action, which the documents and
 * integrity features provide (apps/web/src/features/{documents,integrity}); until they land it
 * shows that the section is coming.
 */
export function RecordExtras(props: { recordId: string }): ReactNode {
  const dt = useDutyT();
  return (
    <section
      className="panel record-extras"
      aria-labelledby="extras-title"
      data-record={props.recordId}
    >
      <h2 id="extras-title">{dt('rec.documents')}</h2>
      <p className="muted">{dt('rec.slotPending')}</p>
      <h2>{dt('rec.integrity')}</h2>
      <p className="muted">{dt('rec.slotPending')}</p>
    </section>
  );
}
