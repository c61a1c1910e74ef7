import { EVENT_TYPES, payloadSchemas } from '@custody/domain';
import { describe, expect, it } from 'vitest';
import { SAMPLE_EVENTS, SAMPLE_PEOPLE, SAMPLE_UNIT } from '../sample-record.fixture.ts';
import { createContext, LABELS } from './document-context.ts';
import { enumLabel, fieldLabel, humaniseKey, PayloadText } from './payload-text.ts';
import type { DocumentEvent } from './record-view.ts';

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  options?: { _zod: { def: Def } }[];
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  entries?: Record<string, string>;
  values?: unknown[];
}

/** Every field key and every enumerated (or literal) string value the domain's payloads allow. */
function walk(def: Def, key: string, fields: Set<string>, values: Map<string, Set<string>>): void {
  const next = (d: { _zod: { def: Def } } | undefined, k = key) => {
    if (d !== undefined) walk(d._zod.def, k, fields, values);
  };
  const add = (vs: readonly unknown[]) => {
    const strings = vs.filter((v): v is string => typeof v === 'string');
    if (strings.length > 0) values.set(key, new Set([...(values.get(key) ?? []), ...strings]));
  };
  if (def.shape !== undefined) {
    for (const [k, v] of Object.entries(def.shape)) {
      fields.add(k);
      next(v, k);
    }
  }
  def.options?.forEach((o) => {
    next(o);
  });
  next(def.innerType);
  next(def.element);
  next(def.in);
  if (def.type === 'enum' && def.entries !== undefined) add(Object.values(def.entries));
  if (def.type === 'literal' && def.values !== undefined) add(def.values);
}

describe('payload labels', () => {
  it.each(['uk', 'en'] as const)(
    'name every field and enumerated value of every entry type in %s',
    (locale) => {
      const L = LABELS[locale];
      const missing: string[] = [];
      for (const type of EVENT_TYPES) {
        const fields = new Set<string>();
        const values = new Map<string, Set<string>>();
        walk(
          (payloadSchemas[type] as unknown as { _zod: { def: Def } })._zod.def,
          '',
          fields,
          values,
        );
        for (const k of fields) {
          const named = L.payloadField[`${type}.${k}`] ?? L.payloadField[k];
          if (named === undefined) missing.push(`${type}.${k}`);
          else expect(fieldLabel(L, type, k)).toBe(named);
        }
        for (const [k, vs] of values) {
          for (const v of vs) {
            if (enumLabel(L, type, k, v) === undefined) missing.push(`${type}.${k}=${v}`);
          }
        }
      }
      expect(missing).toEqual([]);
    },
  );

  it('turns unknown keys into words', () => {
    expect(humaniseKey('mealKind')).toBe('Meal kind');
    expect(humaniseKey('bag_seal_number')).toBe('Bag seal number');
  });
});

function textOf(events: DocumentEvent[], locale: 'uk' | 'en' = 'uk'): string[][] {
  const c = createContext(
    {
      recordId: 'rec-1',
      events,
      locale,
      unit: { id: 'unit-7', ...SAMPLE_UNIT },
      people: (id) => SAMPLE_PEOPLE[id],
      generatedAt: '2025-01-16T08:00:00Z',
    },
    'test',
  );
  const text = new PayloadText(c);
  return events.map((e) => text.lines(e));
}

const at = (n: number, type: string, payload: unknown): DocumentEvent => ({
  id: `e${String(n)}`,
  type,
  occurredAt: '2025-01-15T09:00:00Z',
  recordedAt: '2025-01-15T09:00:00Z',
  actor: { id: 'insp-1', role: 'custody_inspector' },
  payload,
  streamVersion: n,
});

describe('PayloadText', () => {
  it('labels fields and values, names staff and units, formats times, in the domain’s order', () => {
    const [notification, official, delivered, release] = textOf([
      SAMPLE_EVENTS[5]!,
      SAMPLE_EVENTS[3]!,
      at(3, 'DetaineeDelivered', { unitId: 'unit-7', deliveredBy: [{ id: 'x', name: 'Бондар' }] }),
      at(4, 'RestPeriodRecorded', {
        to: '2025-01-15T14:00:00Z',
        interrupted: false,
        from: '2025-01-15T06:00:00Z',
      }),
    ]);
    expect(notification).toEqual([
      'Вид: Центр БПД',
      'Кому: Київський місцевий центр з надання БПД',
      'Спосіб: електронна система',
      'Реєстраційний номер: БПД-77812',
      'Хто повідомив: Мельник Олена',
      'Повідомив працівник (КПК ст. 213): ні',
    ]);
    expect(official?.[0]).toBe('Відповідальна особа: Мельник Олена');
    expect(delivered).toEqual([
      'Підрозділ: Шевченківське управління поліції (KYIV-SH-01)',
      'Доставили: Бондар',
    ]);
    expect(release).toEqual([
      'З: 15.01.2025 08:00 (UTC+02:00)',
      'До: 15.01.2025 16:00 (UTC+02:00)',
      'Переривався: ні',
    ]);
  });

  it('names corrected fields as fields of the entry they correct, and the entry by number', () => {
    const [, correction] = textOf(
      [
        at(1, 'MealOffered', { kind: 'main', accepted: true }),
        at(2, 'EntryCorrected', {
          targetEventId: 'e1',
          reason: 'Помилка',
          correctedFields: { kind: 'light' },
        }),
      ],
      'en',
    );
    expect(correction).toEqual([
      'Corrected entry: № 1 (Meal offered)',
      'Reason: Помилка',
      'Corrected data › Kind: light',
    ]);
  });

  it('falls back to words and raw values for what it does not know, and never throws', () => {
    const [unknown, odd, list] = textOf([
      at(1, 'SomethingNew', { mealKind: 'supper_late', nested: { innerField: 3 } }),
      at(2, 'MealOffered', 'not an object'),
      at(3, 'RiskAssessed', { atRisk: true, factors: [], summary: 'Немає' }),
    ]);
    expect(unknown).toEqual(['Meal kind: supper_late', 'Nested: 3']);
    expect(odd).toEqual(['not an object']);
    expect(list).toEqual(['Є ризики: так', 'Чинники ризику: —', 'Зміст: Немає']);
  });
});
