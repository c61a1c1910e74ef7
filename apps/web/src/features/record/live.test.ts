import { describe, expect, it } from 'vitest';
import { parseLiveEvent, retryDelay } from './live.ts';

describe('live stream helpers', () => {
  it('parses a record event and rejects anything else', () => {
    const event = {
      logIndex: 7,
      recordId: 'r1',
      unitId: 'u1',
      eventId: 'e7',
      type: 'CellCheckRecorded',
      version: 3,
      occurredAt: '2026-03-01T10:00:00Z',
      recordedAt: '2026-03-01T10:00:01Z',
    };
    expect(parseLiveEvent(JSON.stringify(event))).toEqual(event);
    expect(parseLiveEvent('not json')).toBeNull();
    expect(parseLiveEvent('{"logIndex":"7"}')).toBeNull();
    expect(parseLiveEvent(undefined)).toBeNull();
  });

  it('backs off and caps the retry delay', () => {
    expect(retryDelay(0)).toBe(1_000);
    expect(retryDelay(2)).toBe(5_000);
    expect(retryDelay(99)).toBe(30_000);
  });
});
