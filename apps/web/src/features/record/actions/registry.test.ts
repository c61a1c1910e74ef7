import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, commandSchemas, type CommandType } from '@custody/domain';
import { isDutyKey } from '../i18n/use-duty-t.ts';
import { fieldLabel } from '../payload/field-labels.ts';
import {
  API_ONLY_COMMANDS,
  OWN_SCREEN_COMMANDS,
  RECORD_ACTIONS_ALL,
  offeredActions,
} from './registry.ts';

const screened = new Set(RECORD_ACTIONS_ALL.map((a) => a.command));

describe('every command a unit role may issue has a screen (the coverage of the web app)', () => {
  it.each(COMMAND_TYPES.map((c) => [c]))('%s has a screen or is named API-only', (command) => {
    const where =
      screened.has(command) ||
      OWN_SCREEN_COMMANDS[command] !== undefined ||
      API_ONLY_COMMANDS[command] !== undefined;
    expect(where, `${command}: no screen; add a record action or an API_ONLY entry`).toBe(true);
  });

  it('keeps the API-only list short and honest: no command there also has a screen', () => {
    const apiOnly = Object.keys(API_ONLY_COMMANDS) as CommandType[];
    expect(apiOnly.filter((c) => screened.has(c))).toEqual([]);
    expect(apiOnly.length).toBeLessThanOrEqual(2);
  });

  it('gives each action a unique id, one screen per command, and labels in the catalogue', () => {
    const ids = RECORD_ACTIONS_ALL.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const commands = RECORD_ACTIONS_ALL.map((a) => a.command);
    expect(new Set(commands).size).toBe(commands.length);
    for (const a of RECORD_ACTIONS_ALL) {
      expect(isDutyKey(a.label), a.label).toBe(true);
      for (const p of a.presets ?? []) expect(isDutyKey(p.label), p.label).toBe(true);
      for (const f of a.fields) {
        if (f.label) expect(isDutyKey(f.label), `${a.id}.${f.name}`).toBe(true);
        if (f.hint) expect(isDutyKey(f.hint), `${a.id}.${f.name} hint`).toBe(true);
        if ('options' in f)
          for (const o of f.options) expect(isDutyKey(o.label), o.label).toBe(true);
        if (!f.label) expect(fieldLabel(f.name, 'uk'), `${a.id}.${f.name}`).not.toMatch(/^[A-Z]/);
      }
    }
  });

  it('fields name only what the command payload holds', () => {
    for (const a of RECORD_ACTIONS_ALL) {
      const schema = commandSchemas[a.command] as unknown as { shape?: Record<string, unknown> };
      const keys = Object.keys(schema.shape ?? {});
      if (keys.length === 0) continue;
      for (const f of a.fields) {
        const head = f.name.split('.')[0] ?? f.name;
        expect(keys, `${a.id}: ${f.name}`).toContain(head);
      }
    }
  });

  it('offers exactly the actions whose command the server lists for the user and the record', () => {
    const ids = (commands: CommandType[]) => offeredActions({ commands }).map((a) => a.id);
    expect(ids([])).toEqual([]);
    expect(ids(['RecordCellCheck', 'OfferMeal'])).toEqual(['cellCheck', 'meal']);
    expect(ids(['CorrectEntry', 'EraseEventPayload'])).toEqual(['correction']);
  });
});
