import type { RecordView } from '@custody/contracts';

/** The record is still open: detained (not yet delivered) or in custody. */
export function isActive(view: RecordView): boolean {
  return view.summary.status === 'detained' || view.summary.status === 'in_custody';
}
