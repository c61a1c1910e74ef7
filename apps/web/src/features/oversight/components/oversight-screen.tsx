import type { ReactNode } from 'react';
import { useParams } from '@tanstack/react-router';
import { RecordList } from './record-list.tsx';
import { RecordRead } from './record-read.tsx';
import '../oversight.css';

/** Monitor and lawyer (issue 6 point 7): `/oversight` lists, `/oversight/:recordId` reads. */
export default function OversightScreen(): ReactNode {
  const { recordId } = useParams({ strict: false });
  return recordId === undefined ? (
    <RecordList />
  ) : (
    <RecordRead key={recordId} recordId={recordId} />
  );
}
