import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useLocale } from '../../../i18n/index.ts';
import { DocumentsPanel } from '../../documents/DocumentsPanel.tsx';
import { RecordGrantPanel } from '../../grants/components/record-grant-panel.tsx';
import { VerifyRecordButton, withheldEntries } from '../../integrity/VerifyRecordButton.tsx';

/**
 * The record's documents, its "verify this record" check and, for those who may grant, access for
 * a lawyer or monitor, as the documents, integrity and grants features provide them (issue 6 §9,
 * issue 7); entries withheld from the reader are named so the check knows which payloads it
 * cannot see.
 */
export function RecordExtras(props: { view: RecordView; timeZone: string }): ReactNode {
  const { locale } = useLocale();
  const recordId = props.view.summary.id;
  return (
    <>
      <DocumentsPanel recordId={recordId} kinds={props.view.documents} locale={locale} />
      <VerifyRecordButton recordId={recordId} withheld={withheldEntries(props.view.timeline)} />
      <RecordGrantPanel
        recordId={recordId}
        unitId={props.view.summary.unitId}
        personName={props.view.summary.person.displayName}
        timeZone={props.timeZone}
      />
    </>
  );
}
