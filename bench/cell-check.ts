import { timeOrderedId } from '../apps/server/src/ids.ts';
import type { NewEvent } from '../apps/server/src/store/index.ts';

/** The payload of the store benchmarks' event: a duty inspector's cell check. */
export const cellCheckPayload = (i: number) => ({
  cell: `K-${i % 12}`,
  condition: 'спить, дихання рівне',
  roused: i % 2 === 0,
});

/** A cell check as the server makes one: its id from the server's own generator (time-ordered). */
export function newEvent(i: number): NewEvent {
  return {
    id: timeOrderedId(),
    type: 'CellCheckRecorded',
    occurredAt: '2025-01-01T10:00:00.000Z',
    recordedAt: '2025-01-01T10:00:05.000Z',
    actor: { id: 'officer-17', role: 'duty-inspector' },
    payload: cellCheckPayload(i),
  };
}
