import { describe, expect, test } from 'vitest';
import { COMMAND_TYPES, type Command, type CommandType } from './commands.ts';
import { decide } from './decide.ts';
import { acceptedCommands } from './decide.offer.ts';
import { DEFAULT_DECIDE_SETTINGS } from './decide.context.ts';
import { foldEvents } from './evolve.ts';
import { prerequisites, samplePayloads } from './test/fixtures.ts';
import { actors, at, event } from './test/scenario.ts';

const command = (type: CommandType): Command =>
  ({
    type,
    occurredAt: type === 'RecordDelivery' ? at(30) : at(110),
    payload: samplePayloads[type],
  }) as Command;

const ctx = {
  now: at(120),
  actor: actors.duty,
  newId: () => 'new-1',
  settings: DEFAULT_DECIDE_SETTINGS,
  approvers: new Map([['supervisor-1', 'supervisor_of_unit' as const]]),
};
/** The second step of an approval is a supervisor's own entry (decide.approvals.ts). */
const ctxFor = (type: CommandType) =>
  type === 'DecideApproval' ? { ...ctx, actor: actors.supervisor } : ctx;

const released = () => [
  ...prerequisites('RecordCellCheck'),
  event('DetaineeReleased', samplePayloads.ReleaseDetainee, { id: 'e-release', at: at(100) }),
];

/** Every record state the fixtures prepare, and a released one. */
const STATES = [
  ...new Map(COMMAND_TYPES.map((c) => [c, prerequisites(c)])).values(),
  released(),
].map((events) => foldEvents(events));

describe('acceptedCommands', () => {
  test.each(COMMAND_TYPES.map((c) => [c]))(
    '%s is offered on the record where decide accepts it',
    (type) => {
      const state = foldEvents(prerequisites(type));
      expect(decide(command(type), state, ctxFor(type)).ok).toBe(true);
      expect(acceptedCommands(state)).toContain(type);
    },
  );

  test('a command not offered is refused by decide in every prepared state', () => {
    let checked = 0;
    for (const state of STATES) {
      const offered = new Set(acceptedCommands(state));
      for (const type of COMMAND_TYPES.filter((c) => !offered.has(c))) {
        expect(decide(command(type), state, ctxFor(type)).ok, `${type} on ${state?.status}`).toBe(
          false,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('a closed record offers only corrections, attachments, bookmarks, documents and erasure', () => {
    const state = foldEvents(released());
    expect(acceptedCommands(state).sort()).toEqual(
      [
        'AddAttachment',
        'BookmarkCamera',
        'CorrectEntry',
        'EraseEventPayload',
        'HandOverDocument',
      ].sort(),
    );
    expect(acceptedCommands(undefined)).toEqual(['RecordDetention']);
  });
});

describe('"no injuries observed" is a finding of its own (domain.md §3.7)', () => {
  const injuries = (payload: Record<string, unknown>) =>
    decide(
      { type: 'RecordInjuries', occurredAt: at(110), payload } as Command,
      foldEvents(prerequisites('RecordInjuries')),
      ctx,
    ).ok;
  const seen = [{ bodyRegion: 'face', description: 'Садно', photoSha256: [] }];

  test('is recorded with no injury listed', () => {
    expect(injuries({ injuries: [], noneObserved: true, onArrival: true })).toBe(true);
  });

  test('is never implied by an empty list, nor stated beside an injury', () => {
    expect(injuries({ injuries: [], onArrival: true })).toBe(false);
    expect(injuries({ injuries: seen, noneObserved: true, onArrival: true })).toBe(false);
    expect(injuries({ injuries: seen, onArrival: true })).toBe(true);
  });
});
