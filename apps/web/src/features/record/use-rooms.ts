import { useQuery } from '@tanstack/react-query';
import type { Room } from '@custody/contracts';
import { roomsQuery } from '../admin/api.ts';

const NONE: readonly Room[] = [];

/** The unit's active rooms and cells (for movements and placement); empty when they cannot be read. */
export function useRooms(unitId: string): readonly Room[] {
  const rooms = useQuery({
    ...roomsQuery(unitId),
    select: (list) => list.filter((r) => r.active),
  });
  return rooms.data ?? NONE;
}
