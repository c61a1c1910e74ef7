import { useEffect, useState } from 'react';
import type { Room } from '@custody/contracts';
import { listRooms } from '../admin/api.ts';

/** The unit's active rooms and cells (for movements and placement); empty when they cannot be read. */
export function useRooms(unitId: string): readonly Room[] {
  const [rooms, setRooms] = useState<readonly Room[]>([]);
  useEffect(() => {
    listRooms(unitId).then(
      (list) => {
        setRooms(list.filter((r) => r.active));
      },
      () => {
        setRooms([]);
      },
    );
  }, [unitId]);
  return rooms;
}
