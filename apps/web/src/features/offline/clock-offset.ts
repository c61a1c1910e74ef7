import type { ServerTime } from '@custody/contracts';

/** The device clock against the server's: add `offsetMs` to device time to get server time. */
export interface ClockOffset {
  readonly offsetMs: number;
  /** Half the round trip: the server read its clock somewhere within ± this. */
  readonly errorMs: number;
  /** Device time of the measurement (ISO-8601). */
  readonly measuredAt: string;
}

/**
 * One NTP-style measurement (RFC 5905 §8, with one server timestamp): the device notes its clock
 * before (t0) and after (t1) asking the server; offset ≈ server − (t0 + t1) / 2, error ±(t1 − t0) / 2.
 * The device clock is recorded, never corrected: entries carry their device time and this offset.
 */
export async function measureOffset(
  fetchTime: () => Promise<ServerTime>,
  now: () => number = Date.now,
): Promise<ClockOffset> {
  const t0 = now();
  const server = await fetchTime();
  const t1 = now();
  return {
    offsetMs: Math.round(server.epochMs - (t0 + t1) / 2),
    errorMs: Math.ceil((t1 - t0) / 2),
    measuredAt: new Date(t1).toISOString(),
  };
}

/** The device's clock corrected by the latest offset, as a server-clock estimate (ms). */
export function correctedNow(offset: ClockOffset | null, now: () => number = Date.now): number {
  return now() + (offset?.offsetMs ?? 0);
}

let latest: ClockOffset | null = null;

/** The latest offset this tablet measured (the outbox keeps it; the sync re-measures it). */
export function setClockOffset(offset: ClockOffset | null): void {
  latest = offset;
}

/**
 * "Now" for a time a screen proposes (the moment of detention, of an action): the device clock
 * corrected by the latest measured offset, so a tablet whose clock is 20 minutes fast does not
 * propose a moment 20 minutes ahead (which the server refuses as in the future). The device
 * clock itself is what entries are stamped with, uncorrected.
 */
export function serverNow(): number {
  return correctedNow(latest);
}
