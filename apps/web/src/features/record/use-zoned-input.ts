import { useState } from 'react';
import { serverNow } from '../offline/clock-offset.ts';
import { rezoneLocalInput, toLocalInput } from './time.ts';

/**
 * The value of a "when it happened" `datetime-local` field on the clock of `timeZone` (the
 * unit's), starting at now (the device clock corrected by its measured offset). The zone may change after the first render (the unit list answers
 * after the default zone was used): the value then keeps its instant and is shown on the new
 * zone's clock, so what the field reads is always what will be sent with `fromLocalInput`.
 * Returns the value, its setter and a reset to now. `laterMs` starts it that long after now.
 */
export function useZonedInput(
  timeZone: string,
  laterMs = 0,
): readonly [value: string, set: (value: string) => void, setNow: () => void] {
  const [state, setState] = useState(() => ({
    value: toLocalInput(new Date(serverNow() + laterMs), timeZone),
    zone: timeZone,
  }));
  const value =
    state.zone === timeZone ? state.value : rezoneLocalInput(state.value, state.zone, timeZone);
  const set = (next: string) => {
    setState({ value: next, zone: timeZone });
  };
  const setNow = () => {
    setState({ value: toLocalInput(new Date(serverNow()), timeZone), zone: timeZone });
  };
  return [value, set, setNow] as const;
}
