import { describe, expect, it } from 'vitest';
import type { Room } from '@custody/contracts';
import { validatePayload } from '../record/validation.ts';
import { clearDraft, draftKey, loadDraft, saveDraft } from './draft.ts';
import {
  STEPS,
  defaultValues,
  fieldOf,
  parseItems,
  requiredNotifications,
  stepCommands,
  type RegistrationValues,
} from './steps.ts';

const cell: Room = {
  id: 'cell-1',
  unitId: 'u1',
  parentId: null,
  name: 'Камера 1',
  kind: 'cell',
  capacity: 2,
  active: true,
};
const ctx = { unitId: 'u1', user: { id: 'me', displayName: 'Марія' }, rooms: [cell] };
const values: RegistrationValues = {
  ...defaultValues('українська', 'Розміщення'),
  custodyNumber: 'KYIV-2026-001',
  notifyRecipient: 'Київський центр БПД',
  riskSummary: 'Ризиків не виявлено',
  cellId: 'cell-1',
};

describe('registration steps', () => {
  it('builds for every step commands the domain schemas accept', () => {
    for (const step of STEPS) {
      for (const c of stepCommands(step, values, ctx)) {
        expect(validatePayload(c.type, c.payload), `${step} ${c.type}`).toEqual({});
      }
    }
  });

  it('registers and assigns the responsible official, or only registers', () => {
    expect(stepCommands('identity', values, ctx).map((c) => c.type)).toEqual([
      'RegisterDetainee',
      'AssignResponsibleOfficial',
    ]);
    expect(stepCommands('identity', { ...values, assignMe: false }, ctx)).toHaveLength(1);
  });

  it('records nothing for health when no injuries and no intoxication are seen', () => {
    expect(stepCommands('health', values, ctx)).toEqual([]);
    const hurt = { ...values, noInjuries: false, injuryDescription: 'Садно на лобі' };
    expect(stepCommands('health', hurt, ctx).map((c) => c.type)).toEqual(['RecordInjuries']);
  });

  it('finds the form field of a refused payload path', () => {
    const bad = stepCommands('rights', { ...values, rightsLanguage: '' }, ctx)[0];
    const errors = bad ? validatePayload(bad.type, bad.payload) : {};
    expect(Object.keys(errors).map((p) => fieldOf('RecordRightsExplained', p))).toEqual([
      'rightsLanguage',
    ]);
    expect(fieldOf('MoveDetainee', 'to.description')).toBe('cellId');
  });

  it('owes the legal aid centre first, then relatives, parents of a juvenile, the consulate', () => {
    expect(requiredNotifications(false, false)).toEqual(['legal_aid_centre', 'relative']);
    expect(requiredNotifications(true, true)).toEqual([
      'legal_aid_centre',
      'relative',
      'parents_guardians',
      'consulate',
    ]);
  });

  it('parses property lines with quantities', () => {
    expect(parseItems('Телефон Samsung\n\n Ключі × 3 \nГаманець x2')).toEqual([
      { description: 'Телефон Samsung', quantity: 1 },
      { description: 'Ключі', quantity: 3 },
      { description: 'Гаманець', quantity: 2 },
    ]);
  });
});

describe('registration draft', () => {
  function memory() {
    const map = new Map<string, string>();
    return {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => {
        map.set(k, v);
      },
      removeItem: (k: string) => {
        map.delete(k);
      },
      map,
    };
  }

  it('survives a reload per record and is cleared on completion', () => {
    const storage = memory();
    const defaults = defaultValues('українська', 'Розміщення');
    expect(loadDraft(storage, 'r1', defaults)).toBeUndefined();
    saveDraft(storage, 'r1', { step: 3, done: ['identity'], values });
    expect(loadDraft(storage, 'r1', defaults)).toEqual({ step: 3, done: ['identity'], values });
    expect(loadDraft(storage, 'r2', defaults)).toBeUndefined();
    clearDraft(storage, 'r1');
    expect(storage.map.has(draftKey('r1'))).toBe(false);
  });

  it('ignores a corrupt draft and fills fields added since it was saved', () => {
    const storage = memory();
    const defaults = defaultValues('українська', 'Розміщення');
    storage.setItem(draftKey('r1'), '{not json');
    expect(loadDraft(storage, 'r1', defaults)).toBeUndefined();
    storage.setItem(
      draftKey('r1'),
      JSON.stringify({ step: 1, done: [], values: { custodyNumber: 'N1' } }),
    );
    expect(loadDraft(storage, 'r1', defaults)?.values).toEqual({
      ...defaults,
      custodyNumber: 'N1',
    });
  });
});
