import type { ReactNode } from 'react';
import { matchPath, usePath } from '../../../app/router.tsx';
import { RecordList } from './record-list.tsx';
import { RecordRead } from './record-read.tsx';
import '../oversight.css';

/** Monitor and lawyer (issue 6 point 7): `/oversight` lists, `/oversight/:recordId` reads. */
export default function OversightScreen(): ReactNode {
  const params = matchPath('/oversight/:recordId', usePath());
  const recordId = params?.['recordId'];
  return recordId === undefined ? (
    <RecordList />
  ) : (
    <RecordRead key={recordId} recordId={recordId} />
  );
}
