import { entryLabel, isEventType, payloadSchemas } from '@custody/domain';
import type { DocContext } from './document-context.ts';
import { formatDate, languageName } from './format-time.ts';
import type { Labels } from './labels.uk.ts';
import type { DocumentEvent } from './record-view.ts';

/** RFC 3339 instants as the payloads carry them. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Payload keys holding the user id of a staff member: printed as that person's name. */
const STAFF_KEYS: ReadonlySet<string> = new Set([
  'officialId',
  'officerId',
  'supervisorId',
  'investigatorId',
  'interrogatorId',
  'authorisedById',
]);
/** Payload keys naming another entry of the record: printed as that entry's number and name. */
const ENTRY_KEY = /EventId$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A key no label file names, as words: `mealKind` → "Meal kind", `bag_seal` → "Bag seal". */
export function humaniseKey(key: string): string {
  const words = key
    .replace(/[_.]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The reader's name of a payload field of an entry of `type`; unknown keys as words. */
export function fieldLabel(L: Labels, type: string, key: string): string {
  return L.payloadField[`${type}.${key}`] ?? L.payloadField[key] ?? humaniseKey(key);
}

/** The reader's name of an enumerated value of a field, when the labels know it. */
export function enumLabel(L: Labels, type: string, key: string, value: string): string | undefined {
  return L.enumValue[`${type}.${key}`]?.[value] ?? L.enumValue[key]?.[value];
}

/** The parts of a zod schema's definition this file reads to order fields as the domain does. */
interface Schema {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, Schema>;
      options?: Schema[];
      innerType?: Schema;
      element?: Schema;
      in?: Schema;
    };
  };
}

function unwrap(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s !== undefined && i < 10; i++) {
    const def: Schema['_zod']['def'] = s._zod.def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return s;
    s = inner;
  }
  return s;
}

/** The schema of field `key` of an object (or of a union's first option that has it). */
function fieldSchema(schema: Schema | undefined, key: string): Schema | undefined {
  const def = unwrap(schema)?._zod.def;
  if (def?.shape !== undefined) return def.shape[key];
  return def?.options?.map((o) => fieldSchema(o, key)).find((f) => f !== undefined);
}

function elementSchema(schema: Schema | undefined): Schema | undefined {
  return unwrap(schema)?._zod.def.element;
}

/** Field names in the order the domain declares them. */
function declaredKeys(schema: Schema | undefined): string[] {
  const def = unwrap(schema)?._zod.def;
  if (def?.shape !== undefined) return Object.keys(def.shape);
  return [...new Set(def?.options?.flatMap(declaredKeys) ?? [])];
}

function schemaOf(type: string): Schema | undefined {
  return isEventType(type) ? payloadSchemas[type] : undefined;
}

/** Ids of the unit's zones, rooms and cells: a location's description names the place. */
const LOCATION_IDS: ReadonlySet<string> = new Set(['zoneId', 'roomId', 'cellId']);

/**
 * The fields a reader needs, in the order the domain declares them (the store keeps payloads
 * in canonical, alphabetical order); unknown fields after them. Internal ids beside the words
 * that name the same thing are left out: a person reference's `id` beside its `name`, a
 * location's zone, room and cell ids beside its `description` (the bundle keeps them all).
 */
function visible(value: Json, schema?: Schema): [string, unknown][] {
  const named = typeof value['name'] === 'string';
  const described = typeof value['description'] === 'string';
  const hidden = (k: string) => (named && k === 'id') || (described && LOCATION_IDS.has(k));
  const order = declaredKeys(schema);
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i === -1 ? order.length : i;
  };
  return Object.entries(value)
    .filter(([k, v]) => v !== undefined && !hidden(k))
    .sort(([a], [b]) => rank(a) - rank(b));
}

/** Whose vocabulary names a value (its entry type) and its schema, when the domain knows it. */
interface Scope {
  readonly type: string;
  readonly schema: Schema | undefined;
}

const isSignature = (key: string, v: unknown): v is { signed: boolean; reason?: string } =>
  key === 'signature' && isObject(v) && typeof v['signed'] === 'boolean';

/**
 * Writes the payload of one entry of the record extract as labelled lines in the document's
 * language: field names and enumerated values from the label files, staff ids as names, other
 * entries by their number, instants in the unit's time zone, yes/no for booleans. Nothing is
 * dropped but a person reference's id beside its name; unknown fields fall back to words.
 */
export class PayloadText {
  private readonly entries: ReadonlyMap<string, DocumentEvent & { no: number }>;

  constructor(private readonly c: DocContext) {
    this.entries = new Map(
      c.input.events.map((e, i) => [e.id, { ...e, no: e.streamVersion ?? i + 1 }]),
    );
  }

  lines(e: DocumentEvent): string[] {
    const scope: Scope = { type: e.type, schema: schemaOf(e.type) };
    const out: string[] = [];
    if (!isObject(e.payload)) {
      out.push(this.inline(scope, '', e.payload));
      return out;
    }
    for (const [key, value] of visible(e.payload, scope.schema)) {
      const label = fieldLabel(this.c.L, e.type, key);
      this.collect(this.fieldScope(scope, key, e.payload), key, label, value, out);
    }
    return out;
  }

  /** The scope of field `key`; a correction's corrected fields are those of the entry it corrects. */
  private fieldScope(scope: Scope, key: string, parent: Json): Scope {
    if (scope.type === 'EntryCorrected' && key === 'correctedFields') {
      const target = parent['targetEventId'];
      const type = typeof target === 'string' ? this.entries.get(target)?.type : undefined;
      if (type !== undefined) return { type, schema: schemaOf(type) };
    }
    return { type: scope.type, schema: fieldSchema(scope.schema, key) };
  }

  private item(scope: Scope): Scope {
    return { type: scope.type, schema: elementSchema(scope.schema) };
  }

  private collect(scope: Scope, key: string, label: string, value: unknown, out: string[]): void {
    const { L } = this.c;
    if (isSignature(key, value) || (!Array.isArray(value) && !isObject(value))) {
      out.push(`${label}: ${this.inline(scope, key, value)}`);
      return;
    }
    if (Array.isArray(value)) {
      const simple = value.every((v) => !isObject(v) || visible(v).length <= 1);
      if (simple || value.length === 0) {
        out.push(`${label}: ${this.inline(scope, key, value)}`);
      } else {
        const item = this.item(scope);
        value.forEach((v, i) => out.push(`${label} ${i + 1}: ${this.inline(item, key, v)}`));
      }
      return;
    }
    const fields = visible(value, scope.schema);
    const [only] = fields;
    if (only === undefined) {
      out.push(`${label}: ${L.field.none}`);
      return;
    }
    if (fields.length === 1 && key !== 'correctedFields') {
      out.push(`${label}: ${this.inline(this.fieldScope(scope, only[0], value), ...only)}`);
      return;
    }
    for (const [k, v] of fields) {
      const sub = `${label} › ${fieldLabel(L, scope.type, k)}`;
      this.collect(this.fieldScope(scope, k, value), k, sub, v, out);
    }
  }

  /** A value on one line: objects as "Label: value; …", arrays as comma lists. */
  private inline(scope: Scope, key: string, value: unknown): string {
    const { L } = this.c;
    if (isSignature(key, value)) {
      return value.signed ? L.field.signed : `${L.field.refused}: ${value.reason ?? L.field.none}`;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return L.field.none;
      const item = this.item(scope);
      return value.map((v) => this.inline(item, key, v)).join(', ');
    }
    if (isObject(value)) {
      const fields = visible(value, scope.schema);
      const [only] = fields;
      if (only === undefined) return L.field.none;
      if (fields.length === 1) return this.inline(this.fieldScope(scope, only[0], value), ...only);
      return fields
        .map(
          ([k, v]) =>
            `${fieldLabel(L, scope.type, k)}: ${this.inline(this.fieldScope(scope, k, value), k, v)}`,
        )
        .join('; ');
    }
    return this.scalar(scope.type, key, value);
  }

  private scalar(type: string, key: string, value: unknown): string {
    const { c } = this;
    if (value === null || value === undefined) return c.L.field.none;
    if (typeof value === 'boolean') return value ? c.L.field.yes : c.L.field.no;
    if (typeof value !== 'string') return JSON.stringify(value);
    if (STAFF_KEYS.has(key)) return c.name(value);
    if (ENTRY_KEY.test(key)) return this.entry(value);
    if (key === 'unitId' && value === c.input.unit.id) {
      return `${c.input.unit.name} (${c.input.unit.code})`;
    }
    const named = enumLabel(c.L, type, key, value);
    if (named !== undefined) return named;
    if (key === 'language') return languageName(value, c.locale);
    if (INSTANT.test(value)) return c.time(value);
    if (DATE.test(value)) return formatDate(value, c.locale);
    return value;
  }

  private entry(id: string): string {
    const e = this.entries.get(id);
    if (e === undefined) return id;
    return `№ ${String(e.no)} (${entryLabel(e.type, e.withheld, this.c.locale)})`;
  }
}
