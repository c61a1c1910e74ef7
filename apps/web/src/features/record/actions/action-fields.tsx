import { useQuery } from '@tanstack/react-query';
import { supervisorsQuery } from '../../admin/api.ts';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useController, useFormContext, useWatch, type FieldError } from 'react-hook-form';
import type { Room, TimelineEntry } from '@custody/contracts';
import { PLACEMENT_RULE_LABELS, bodyRegion, entryLabel as kindLabel } from '@custody/domain';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button } from '../../../ui/index.ts';
import { placementsQuery } from '../api.ts';
import { fieldLabel } from '../payload/field-labels.ts';
import { payloadFields, type PayloadFormat } from '../payload/payload-fields.ts';
import { valueLabelKey } from '../payload/value-labels.ts';
import { useDutyT, type DutyMessageKey, type DutyT } from '../i18n/use-duty-t.ts';
import { fromLocalInput, toLocalInput } from '../time.ts';
import { fieldId, type FieldSpec, type FormContext } from './field-spec.ts';
import '../components/fields.css';
import './action-fields.css';

/**
 * The question of a field kind that asks its own (the detainee's signature, the finding of an
 * examination, which field a correction changes), worded as its legend or label shows it.
 */
const KIND_LABEL: Partial<Record<FieldSpec['kind'], DutyMessageKey>> = {
  signature: 'common.signature',
  injuries: 'act.injuriesFinding',
  correction: 'act.correctField',
};

/**
 * A field's label: the action's own, the kind's question, or the payload field's shared label.
 * The error summary names a field by it, so a problem reads as the question it is beside.
 */
export function specLabel(spec: FieldSpec, dt: DutyT, locale: 'uk' | 'en'): string {
  const key = spec.label ?? KIND_LABEL[spec.kind];
  return key ? dt(key) : fieldLabel(spec.name, locale);
}

/** The first message anywhere under an error node (a person's `name`, a signature's `reason`). */
export function firstMessage(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const message = (node as Partial<FieldError>).message;
  if (typeof message === 'string' && message !== '') return message;
  for (const [key, child] of Object.entries(node)) {
    if (key === 'ref') continue;
    const found = firstMessage(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

function Frame(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  group?: boolean;
  children: ReactNode;
}): ReactNode {
  const t = useT();
  const className = props.error ? 'field field-invalid' : 'field';
  const head = (
    <>
      {props.hint && (
        <p id={`${props.id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="field-error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {props.error}
        </p>
      )}
    </>
  );
  if (props.group) {
    return (
      <fieldset
        id={props.id}
        className={`${className} choice`}
        aria-describedby={describedBy(props)}
      >
        <legend>{props.label}</legend>
        {head}
        {props.children}
      </fieldset>
    );
  }
  return (
    <div className={className}>
      <label htmlFor={props.id}>{props.label}</label>
      {head}
      {props.children}
    </div>
  );
}

function describedBy(p: { id: string; hint?: string | undefined; error?: string | undefined }) {
  const ids = [p.hint && `${p.id}-hint`, p.error && `${p.id}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** Text kept as typed while the form holds its parsed value (a list of names, of items). */
function useTyped(initial: string): [string, (v: string) => void] {
  return useState(initial);
}

const blank = (v: string) => v.trim() === '';

/** A text, number or boolean as an input shows it; anything else as empty. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}
const names = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name }));

/** "Телефон Samsung × 2" → { description, quantity: 2 }; blank lines ignored. */
export function parseItems(text: string): { description: string; quantity: number }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const m = /^(.*?)\s*[×xх*]\s*(\d{1,4})$/u.exec(line);
      return m?.[1] && m[2]
        ? { description: m[1], quantity: Number(m[2]) }
        : { description: line, quantity: 1 };
    });
}

/** How much of an entry's first field an option shows before it is cut. */
const GIST_CHARS = 48;

/**
 * An entry as an option: its number, its kind and the first words it records, so that two open
 * contacts or two requests are told apart ("Запис № 13 · Початок контакту · Коваленко К. К.").
 */
function entryLabel(e: TimelineEntry, format: PayloadFormat, dt: DutyT): string {
  const title = kindLabel(e.type, e.withheld, format.locale);
  const head = `${dt('rec.entry', { n: e.version })} · ${title}`;
  const gist = payloadFields(e.payload, {
    ...format,
    valueLabel: (key, value) => {
      const label = valueLabelKey(e.type, key, value);
      return label ? dt(label) : undefined;
    },
  }).find((f) => f.value !== format.yes && f.value !== format.no)?.value;
  if (gist === undefined) return head;
  return `${head} · ${gist.length > GIST_CHARS ? `${gist.slice(0, GIST_CHARS - 1)}…` : gist}`;
}

/** The detaining officers named at detention, and the user: whose interview or force is recorded. */
function officerOptions(ctx: FormContext): { value: string; label: string }[] {
  const detention = ctx.timeline.find((e) => e.type === 'DetentionRecorded')?.payload as
    { detainingOfficers?: { id?: string; name: string }[] } | null | undefined;
  const officers = (detention?.detainingOfficers ?? []).map((o) => ({
    value: o.id ?? o.name,
    label: o.name,
  }));
  const me = { value: ctx.user.id, label: ctx.user.displayName };
  return officers.some((o) => o.value === me.value) ? officers : [...officers, me];
}

/** A room or cell of the unit as the domain's location, or a place described in words. */
function roomLocation(rooms: readonly Room[], roomId: string, other: string): unknown {
  const room = rooms.find((r) => r.id === roomId);
  if (room)
    return { [room.kind === 'cell' ? 'cellId' : 'roomId']: room.id, description: room.name };
  return other.trim() === '' ? undefined : { description: other };
}

/** One field of a command form, bound to `payload.<name>` of the form (react-hook-form). */
export function ActionField(props: {
  spec: FieldSpec;
  formId: string;
  ctx: FormContext;
}): ReactNode {
  const { spec, formId, ctx } = props;
  const dt = useDutyT();
  const t = useT();
  const { locale } = useLocale();
  const { control } = useFormContext();
  const payload = useWatch({ control, name: 'payload' }) as Record<string, unknown> | undefined;
  const { field, fieldState } = useController({ control, name: `payload.${spec.name}` });
  const [typed, setTyped] = useTyped('');
  if (spec.showIf && !spec.showIf(payload ?? {})) return null;

  const id = fieldId(formId, spec.name);
  const label = specLabel(spec, dt, locale) + (spec.optional ? ` (${t('form.optional')})` : '');
  const hint = spec.hint ? dt(spec.hint) : undefined;
  const error = firstMessage(fieldState.error);
  const aria = {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy({ id, hint, error }),
  } as const;
  const frame = { id, label, hint, error };
  const value: unknown = field.value;
  const setText = (v: string) => {
    field.onChange(spec.optional && blank(v) ? undefined : v);
  };

  switch (spec.kind) {
    case 'text':
    case 'number':
      return (
        <Frame {...frame}>
          <input
            id={id}
            ref={field.ref}
            name={field.name}
            inputMode={spec.kind === 'number' ? 'numeric' : undefined}
            value={scalarText(value)}
            onBlur={field.onBlur}
            onChange={(e) => {
              const v = e.target.value;
              if (spec.kind === 'number') field.onChange(blank(v) ? undefined : Number(v));
              else setText(v);
            }}
            {...aria}
          />
        </Frame>
      );
    case 'area':
      return (
        <Frame {...frame}>
          {spec.presets && (
            <div className="presets">
              {spec.presets.map((key) => (
                <Button
                  key={key}
                  onClick={() => {
                    field.onChange(dt(key));
                  }}
                >
                  {dt(key)}
                </Button>
              ))}
            </div>
          )}
          <textarea
            id={id}
            ref={field.ref}
            name={field.name}
            rows={3}
            value={typeof value === 'string' ? value : ''}
            onBlur={field.onBlur}
            onChange={(e) => {
              setText(e.target.value);
            }}
            {...aria}
          />
        </Frame>
      );
    case 'select':
    case 'officer':
    case 'entry': {
      const options =
        spec.kind === 'select'
          ? spec.options.map((o) => ({ value: o.value, label: dt(o.label) }))
          : spec.kind === 'officer'
            ? officerOptions(ctx)
            : spec.pick(ctx.timeline).map((e) => ({
                value: e.eventId,
                label: entryLabel(
                  e,
                  { locale, timeZone: ctx.timeZone, yes: dt('common.yes'), no: dt('common.no') },
                  dt,
                ),
              }));
      return (
        <Frame {...frame}>
          <select
            id={id}
            ref={field.ref}
            name={field.name}
            value={typeof value === 'string' ? value : ''}
            onBlur={field.onBlur}
            onChange={(e) => {
              field.onChange(e.target.value === '' ? undefined : e.target.value);
            }}
            {...aria}
          >
            <option value="">{dt('act.choose')}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Frame>
      );
    }
    case 'choice':
    case 'yesno': {
      const options =
        spec.kind === 'choice'
          ? spec.options.map((o) => ({ value: o.value, label: dt(o.label) }))
          : [
              { value: 'true', label: dt(spec.yes ?? 'common.yes') },
              { value: 'false', label: dt(spec.no ?? 'common.no') },
            ];
      const current = scalarText(value);
      return (
        <Frame {...frame} group>
          <div className="choice-options">
            {options.map((o, i) => (
              <label key={o.value} className="choice-option">
                <input
                  type="radio"
                  id={i === 0 ? `${id}-first` : undefined}
                  ref={i === 0 ? field.ref : undefined}
                  name={field.name}
                  value={o.value}
                  checked={current === o.value}
                  onBlur={field.onBlur}
                  onChange={() => {
                    field.onChange(spec.kind === 'yesno' ? o.value === 'true' : o.value);
                  }}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
        </Frame>
      );
    }
    case 'checkboxes': {
      const list = Array.isArray(value) ? (value as string[]) : [];
      return (
        <Frame {...frame} group>
          <div className="choice-options">
            {spec.options.map((o) => (
              <label key={o.value} className="choice-option">
                <input
                  type="checkbox"
                  name={field.name}
                  value={o.value}
                  checked={list.includes(o.value)}
                  onChange={(e) => {
                    field.onChange(
                      e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value),
                    );
                  }}
                />
                <span>{dt(o.label)}</span>
              </label>
            ))}
          </div>
        </Frame>
      );
    }
    case 'toggle':
      return (
        <div className="field">
          <label className="toggle">
            <input
              type="checkbox"
              id={id}
              ref={field.ref}
              name={field.name}
              checked={value === true}
              onChange={(e) => {
                field.onChange(e.target.checked);
              }}
            />
            <span>{label}</span>
          </label>
        </div>
      );
    case 'person': {
      const name =
        value !== null && typeof value === 'object' && 'name' in value
          ? scalarText(value.name)
          : '';
      return (
        <Frame {...frame}>
          <input
            id={id}
            ref={field.ref}
            name={field.name}
            value={name}
            autoComplete="off"
            onBlur={field.onBlur}
            onChange={(e) => {
              const v = e.target.value;
              field.onChange(spec.optional && blank(v) ? undefined : { name: v });
            }}
            {...aria}
          />
        </Frame>
      );
    }
    case 'people':
    case 'list':
    case 'items': {
      const multiline = spec.kind === 'items';
      const parse = (text: string): unknown =>
        spec.kind === 'items'
          ? parseItems(text)
          : spec.kind === 'people'
            ? names(text)
            : text
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
      const onText = (text: string) => {
        setTyped(text);
        field.onChange(parse(text));
      };
      return (
        <Frame {...frame}>
          {multiline ? (
            <textarea
              id={id}
              ref={field.ref}
              name={field.name}
              rows={4}
              value={typed}
              onChange={(e) => {
                onText(e.target.value);
              }}
              {...aria}
            />
          ) : (
            <input
              id={id}
              ref={field.ref}
              name={field.name}
              value={typed}
              onChange={(e) => {
                onText(e.target.value);
              }}
              {...aria}
            />
          )}
        </Frame>
      );
    }
    case 'instant': {
      const shown =
        typed !== '' || typeof value !== 'string'
          ? typed
          : toLocalInput(new Date(value), ctx.timeZone);
      return (
        <Frame {...frame}>
          <input
            id={id}
            ref={field.ref}
            name={field.name}
            type="datetime-local"
            value={shown}
            onChange={(e) => {
              setTyped(e.target.value);
              field.onChange(fromLocalInput(e.target.value, ctx.timeZone) ?? undefined);
            }}
            {...aria}
          />
        </Frame>
      );
    }
    case 'signature':
      return <SignatureField formId={formId} name={spec.name} optional={spec.optional} />;
    case 'supervisor':
      return <SupervisorField {...frame} unitId={ctx.unitId} name={spec.name} />;
    case 'room':
      return <RoomField formId={formId} name={spec.name} label={label} rooms={ctx.rooms} />;
    case 'placementReason':
      // Asked when a placement needs it, so not labelled optional.
      return (
        <PlacementReasonField
          {...frame}
          label={fieldLabel(spec.name, locale)}
          name={spec.name}
          recordId={ctx.recordId}
        />
      );
    case 'injuries':
      return <InjuriesField formId={formId} />;
    case 'correction':
      return <CorrectionField formId={formId} timeline={ctx.timeline} />;
  }
}

/**
 * The approving supervisor: one of the unit's active supervisors (domain.md §2, §3.8), written as
 * `{ supervisorId }` at the field's name, or nothing when none is chosen. The server checks the
 * person again when the entry is made (422 approver_not_supervisor).
 */
function SupervisorField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  unitId: string;
  name: string;
}): ReactNode {
  const dt = useDutyT();
  const { control } = useFormContext();
  const { field } = useController({ control, name: `payload.${props.name}` });
  const supervisors = useQuery(supervisorsQuery(props.unitId)).data ?? [];
  const current: unknown = field.value;
  const value: unknown =
    current !== null && typeof current === 'object' && 'supervisorId' in current
      ? current.supervisorId
      : undefined;
  return (
    <Frame id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={props.id}
        ref={field.ref}
        name={field.name}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={props.error ? true : undefined}
        onBlur={field.onBlur}
        onChange={(e) => {
          field.onChange(e.target.value === '' ? undefined : { supervisorId: e.target.value });
        }}
      >
        <option value="">{dt('act.choose')}</option>
        {supervisors.map((s) => (
          <option key={s.id} value={s.id}>
            {s.displayName}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** Where the detainee is moved: one of the unit's rooms and cells, or another place in words. */
function RoomField(props: {
  formId: string;
  name: string;
  label: string;
  rooms: readonly Room[];
}): ReactNode {
  const dt = useDutyT();
  const { control } = useFormContext();
  const { field, fieldState } = useController({ control, name: `payload.${props.name}` });
  const [roomId, setRoomId] = useState('');
  const [other, setOther] = useState('');
  const id = fieldId(props.formId, props.name);
  const error = firstMessage(fieldState.error);
  return (
    <>
      <Frame id={id} label={props.label} error={error}>
        <select
          id={id}
          ref={field.ref}
          value={roomId}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setRoomId(e.target.value);
            field.onChange(roomLocation(props.rooms, e.target.value, other));
          }}
        >
          <option value="">{dt('act.choose')}</option>
          {props.rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
          <option value="other">{dt('qa.toOther')}</option>
        </select>
      </Frame>
      {roomId === 'other' && (
        <Frame id={`${id}-other`} label={dt('qa.toOther')}>
          <input
            id={`${id}-other`}
            value={other}
            onChange={(e) => {
              setOther(e.target.value);
              field.onChange(roomLocation(props.rooms, roomId, e.target.value));
            }}
          />
        </Frame>
      )}
    </>
  );
}

/**
 * The reason for a placement in breach (domain.md §4). When the chosen room is a room for
 * detainees, the form names its occupancy and the placement rules placing the detainee there would
 * break, each with its basis, as the server's check (GET …/placements, the domain's
 * placementBreaches) finds them now, and then asks the reason. The field also shows when the
 * server refused the entry for want of one (its message is then on the field) or a reason is typed.
 */
function PlacementReasonField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  name: string;
  recordId: string;
}): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const { control } = useFormContext();
  const { field } = useController({ control, name: `payload.${props.name}` });
  const to = useWatch({ control, name: 'payload.to' }) as { cellId?: unknown } | undefined;
  const cellId = typeof to?.cellId === 'string' ? to.cellId : undefined;
  const placements = useQuery({
    ...placementsQuery(props.recordId),
    enabled: cellId !== undefined,
  });
  const room = placements.data?.rooms.find((r) => r.id === cellId);
  const breaches = room?.breaches ?? [];
  const value = typeof field.value === 'string' ? field.value : '';
  const ask = breaches.length > 0 || props.error !== undefined || value !== '';
  const occupancy = room && { room: room.name, n: room.occupants, capacity: room.capacity };
  return (
    <>
      {occupancy && breaches.length === 0 && (
        <p className="placement-check placement-ok" data-testid="placement-check">
          {dt('placement.ok', occupancy)}
        </p>
      )}
      {occupancy && breaches.length > 0 && (
        <div className="placement-check placement-breach" data-testid="placement-check">
          <p className="placement-title">{dt('placement.wouldBreak', occupancy)}</p>
          <ul>
            {breaches.map((rule) => (
              <li key={rule}>
                <strong>{dt(`placement.${rule}`)}</strong>
                <span className="placement-basis">
                  {' '}
                  — {PLACEMENT_RULE_LABELS[rule].basis[locale]}
                </span>
              </li>
            ))}
          </ul>
          <p>{dt('placement.askReason')}</p>
        </div>
      )}
      {ask && (
        <Frame id={props.id} label={props.label} hint={props.hint} error={props.error}>
          <textarea
            id={props.id}
            ref={field.ref}
            name={field.name}
            rows={3}
            value={value}
            onBlur={field.onBlur}
            onChange={(e) => {
              field.onChange(blank(e.target.value) ? undefined : e.target.value);
            }}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={describedBy(props)}
          />
        </Frame>
      )}
    </>
  );
}

/**
 * The finding of an examination for injuries: none observed, or the injury seen with its body
 * region and description. Neither is chosen at first: "no injuries" is recorded by the person
 * who looked, as any other finding (domain.md §3.7).
 */
function InjuriesField(props: { formId: string }): ReactNode {
  const dt = useDutyT();
  const { control, setValue } = useFormContext();
  const { field, fieldState } = useController({ control, name: 'payload.noneObserved' });
  const injuries = useController({ control, name: 'payload.injuries' });
  const list = (injuries.field.value ?? []) as { bodyRegion?: string; description?: string }[];
  const first = list[0] ?? {};
  const id = fieldId(props.formId, 'injuries');
  const error =
    firstMessage(fieldState.error) ??
    (list.length === 0 ? firstMessage(injuries.fieldState.error) : undefined);
  const detailError = list.length > 0 ? firstMessage(injuries.fieldState.error) : undefined;
  const seen = field.value === false;
  const setInjury = (next: { bodyRegion?: string; description?: string }) => {
    setValue('payload.injuries', [{ photoSha256: [], ...first, ...next }], {
      shouldValidate: false,
    });
  };
  return (
    <>
      <Frame id={id} label={dt('act.injuriesFinding')} error={error} group>
        <div className="choice-options">
          {[true, false].map((none, i) => (
            <label key={String(none)} className="choice-option">
              <input
                type="radio"
                ref={i === 0 ? field.ref : undefined}
                name="payload.noneObserved"
                checked={field.value === none}
                onChange={() => {
                  field.onChange(none);
                  setValue(
                    'payload.injuries',
                    none
                      ? []
                      : [{ photoSha256: [], bodyRegion: undefined, description: undefined }],
                  );
                }}
              />
              <span>{dt(none ? 'act.noneObserved' : 'act.injuriesSeen')}</span>
            </label>
          ))}
        </div>
      </Frame>
      {seen && (
        <>
          <Frame id={`${id}-region`} label={dt('reg.health.region')}>
            <select
              id={`${id}-region`}
              value={first.bodyRegion ?? ''}
              onChange={(e) => {
                setInjury({ bodyRegion: e.target.value });
              }}
            >
              <option value="">{dt('act.choose')}</option>
              {bodyRegion.options.map((r) => (
                <option key={r} value={r}>
                  {dt(`region.${r}`)}
                </option>
              ))}
            </select>
          </Frame>
          <Frame id={`${id}-description`} label={dt('reg.health.injury')} error={detailError}>
            <textarea
              id={`${id}-description`}
              rows={3}
              value={first.description ?? ''}
              aria-invalid={detailError ? true : undefined}
              onChange={(e) => {
                setInjury({ description: e.target.value });
              }}
            />
          </Frame>
        </>
      )}
    </>
  );
}

function scalarFields(payload: unknown): [string, string | number | boolean][] {
  if (payload === null || typeof payload !== 'object') return [];
  return Object.entries(payload).filter(
    (e): e is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof e[1]) && !/Id$|^id$|Sha256$/.test(e[0]),
  );
}

/** Which field of the chosen entry is wrong, and its correct value (domain.md §3: corrections). */
function CorrectionField(props: { formId: string; timeline: readonly TimelineEntry[] }): ReactNode {
  const dt = useDutyT();
  const t = useT();
  const { locale } = useLocale();
  const { control } = useFormContext();
  const targetId = useWatch({ control, name: 'payload.targetEventId' }) as string | undefined;
  const { field, fieldState } = useController({ control, name: 'payload.correctedFields' });
  const target = props.timeline.find((e) => e.eventId === targetId);
  const fields = scalarFields(target?.payload);
  const current = Object.entries((field.value ?? {}) as Record<string, unknown>)[0];
  const [key, setKey] = useState('');
  const id = fieldId(props.formId, 'correctedFields');
  const error = firstMessage(fieldState.error);
  if (!target) return null;
  const original = fields.find(([k]) => k === key)?.[1];
  const setValueOf = (k: string, raw: string) => {
    const value: unknown =
      typeof original === 'boolean'
        ? raw === 'true'
        : typeof original === 'number'
          ? Number(raw)
          : raw;
    field.onChange(k === '' ? {} : { [k]: value });
  };
  return (
    <>
      <Frame id={id} label={dt('act.correctField')} hint={t('form.optional')}>
        <select
          id={id}
          ref={field.ref}
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            field.onChange({});
          }}
        >
          <option value="">{dt('act.choose')}</option>
          {fields.map(([k, v]) => (
            <option key={k} value={k}>
              {`${fieldLabel(k, locale)}: ${String(v)}`}
            </option>
          ))}
        </select>
      </Frame>
      {key !== '' && (
        <Frame id={`${id}-value`} label={dt('act.correctValue')} error={error}>
          {typeof original === 'boolean' ? (
            <select
              id={`${id}-value`}
              value={current === undefined ? '' : String(current[1])}
              onChange={(e) => {
                setValueOf(key, e.target.value);
              }}
            >
              <option value="">{dt('act.choose')}</option>
              <option value="true">{dt('common.yes')}</option>
              <option value="false">{dt('common.no')}</option>
            </select>
          ) : (
            <input
              id={`${id}-value`}
              value={current === undefined ? '' : String(current[1])}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                setValueOf(key, e.target.value);
              }}
            />
          )}
        </Frame>
      )}
    </>
  );
}

/** The detainee signed, or did not with the stated reason (КПК ст. 208 ч. 5); neither chosen at first. */
function SignatureField(props: {
  formId: string;
  name: string;
  optional?: boolean | undefined;
}): ReactNode {
  const dt = useDutyT();
  const t = useT();
  const { control } = useFormContext();
  const { field, fieldState } = useController({ control, name: `payload.${props.name}` });
  const value = field.value as { signed?: boolean; reason?: string } | undefined;
  const id = fieldId(props.formId, props.name);
  const reasonId = `${id}-reason`;
  const error = firstMessage(fieldState.error);
  const reasonError =
    value?.signed === false && !value.reason?.trim()
      ? error
      : value === undefined
        ? error
        : undefined;
  return (
    <>
      <Frame
        id={id}
        label={dt('common.signature') + (props.optional ? ` (${t('form.optional')})` : '')}
        error={value === undefined ? error : undefined}
        group
      >
        <div className="choice-options">
          {[true, false].map((signed, i) => (
            <label key={String(signed)} className="choice-option">
              <input
                type="radio"
                ref={i === 0 ? field.ref : undefined}
                name={field.name}
                checked={value?.signed === signed}
                onChange={() => {
                  field.onChange(signed ? { signed: true } : { signed: false, reason: '' });
                }}
              />
              <span>{dt(signed ? 'common.signed' : 'common.notSigned')}</span>
            </label>
          ))}
        </div>
      </Frame>
      {value?.signed === false && (
        <Frame id={reasonId} label={dt('common.refusalReason')} error={reasonError}>
          <textarea
            id={reasonId}
            rows={2}
            value={value.reason ?? ''}
            onChange={(e) => {
              field.onChange({ signed: false, reason: e.target.value });
            }}
            aria-invalid={reasonError ? true : undefined}
          />
        </Frame>
      )}
    </>
  );
}
