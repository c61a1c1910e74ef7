import { useEffect, useState } from 'react';
import { serverNow } from '../offline/clock-offset.ts';

/**
 * The current time in ms, refreshed every `intervalMs`, for live countdowns: the device clock
 * corrected by the offset an enrolled tablet measured against the server (a tablet 20 minutes
 * fast would otherwise count every limit down 20 minutes early).
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(serverNow());
    }, intervalMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
