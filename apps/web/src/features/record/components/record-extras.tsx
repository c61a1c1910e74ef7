import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useLocale } from '../../../i18n/index.ts';
import { DocumentsPanel } from '../../documents/DocumentsPanel.tsx';
import { VerifyRecordButton } from '../../integrity/VerifyRecordButton.tsx';

/**
 * The record's documents and its "verify this record" check, as the documents and integrity
 * features provide them (issue 6 §9, issue 7); entries withheld from the reader are named so the
 * check knows which payloads it cannot see.
 */
export function RecordExtras(props: { view: RecordView }): ReactNode {
  const { locale } = useLocale();
  const recordId = props.view.summary.id;
  const withheld = props.view.timeline.filter((e) => e.withheld !== null).map((e) => e.eventId);
  return (
    <>
      <DocumentsPanel recordId={recordId} locale={locale} />
      <VerifyRecordButton recordId={recordId} withheldEventIds={withheld} />
    </>
  );
}
