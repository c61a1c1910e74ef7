import { describe, expect, it } from 'vitest';
import { payloadSchemas } from '@custody/domain';
import { dutyTranslate } from '../i18n/use-duty-t.ts';
import { fieldLabel, humaniseKey } from './field-labels.ts';
import { isHiddenKey } from './payload-fields.ts';
import { valueLabelKey } from './value-labels.ts';

/** The parts of a zod 4 schema definition the walk below needs. */
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  entries?: Record<string, string>;
  values?: unknown[];
  in?: Schema;
  out?: Schema;
}
interface Schema {
  _zod: { def: Def };
}

/** Every field name of a payload schema, at any depth. */
function fieldNames(schema: Schema, out: Set<string>): Set<string> {
  const def = schema._zod.def;
  if (def.type === 'object') {
    for (const [k, s] of Object.entries(def.shape ?? {})) {
      out.add(k);
      fieldNames(s, out);
    }
  }
  for (const inner of [def.innerType, def.element, def.in, ...(def.options ?? [])]) {
    if (inner) fieldNames(inner, out);
  }
  return out;
}

/** Every enumerated string value of a payload schema with the field name it sits under. */
function enumerated(schema: Schema, key: string, out: [string, string][]): [string, string][] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object':
      for (const [k, s] of Object.entries(def.shape ?? {})) enumerated(s, k, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      if (def.innerType) enumerated(def.innerType, key, out);
      break;
    case 'array':
      if (def.element) enumerated(def.element, key, out);
      break;
    case 'union':
      for (const option of def.options ?? []) enumerated(option, key, out);
      break;
    case 'pipe':
      if (def.in) enumerated(def.in, key, out);
      break;
    case 'enum':
      for (const value of Object.values(def.entries ?? {})) out.push([key, value]);
      break;
    case 'literal':
      for (const value of def.values ?? []) if (typeof value === 'string') out.push([key, value]);
      break;
  }
  return out;
}

describe('valueLabelKey: no enumerated value reaches the timeline as a code', () => {
  const all = Object.entries(payloadSchemas).flatMap(([type, schema]) =>
    enumerated(schema as unknown as Schema, '', []).map(([key, value]) => ({ type, key, value })),
  );

  it('finds the enumerations of the event catalogue (the walk itself works)', () => {
    expect(all).toContainEqual({ type: 'MealOffered', key: 'kind', value: 'main' });
    expect(all).toContainEqual({ type: 'NotificationMade', key: 'method', value: 'phone' });
    expect(all).toContainEqual({ type: 'DetentionRecorded', key: 'kind', value: 'unidentified' });
    expect(all.length).toBeGreaterThan(80);
  });

  it('names every value of every enumerated field in Ukrainian and English', () => {
    const missing = all.filter(({ type, key, value }) => !valueLabelKey(type, key, value));
    expect(missing).toEqual([]);
    for (const { type, key, value } of all) {
      const label = valueLabelKey(type, key, value);
      if (!label) continue;
      for (const locale of ['uk', 'en'] as const) {
        const text = dutyTranslate(locale, label);
        expect(text.trim(), `${type}.${key}=${value} (${locale})`).not.toBe('');
        expect(text, `${type}.${key}=${value} (${locale})`).not.toBe(value);
      }
    }
  });

  it('reads the same key by the event it is in, and leaves free text alone', () => {
    expect(dutyTranslate('uk', valueLabelKey('MealOffered', 'kind', 'main') ?? 'meal.light')).toBe(
      'Основне',
    );
    expect(valueLabelKey('NotificationMade', 'kind', 'relative')).toBe('notification.relative');
    expect(valueLabelKey('IncidentRecorded', 'kind', 'violence')).toBe('incident.violence');
    expect(valueLabelKey('InvestigativeActionStarted', 'kind', 'обшук')).toBeUndefined();
    expect(valueLabelKey('MealOffered', 'kind', 'brunch')).toBeUndefined();
    expect(valueLabelKey('NoSuchEvent', 'kind', 'main')).toBeUndefined();
  });
});

describe('fieldLabel: every field the timeline shows has a name in both languages', () => {
  it('knows every visible field of every event (no English words in the Ukrainian timeline)', () => {
    const names = new Set<string>();
    for (const schema of Object.values(payloadSchemas)) {
      fieldNames(schema, names);
    }
    expect(names.size).toBeGreaterThan(100);
    const shown = [...names].filter((k) => !isHiddenKey(k));
    const unnamed = shown.filter((k) => fieldLabel(k, 'uk') === humaniseKey(k));
    expect(unnamed).toEqual([]);
    for (const k of shown) expect(fieldLabel(k, 'en'), k).not.toBe(fieldLabel(k, 'uk'));
    expect(isHiddenKey('sha256')).toBe(true);
    expect(isHiddenKey('photoSha256')).toBe(true);
  });
});
