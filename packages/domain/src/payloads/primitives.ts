import { z } from 'zod';
import { DATE_TIME_HINT, normaliseDateTime } from './date-time.ts';

/** A trimmed, non-empty line of text with an upper bound, as every free-text field in the record. */
export const text = (max = 500) => z.string().trim().min(1).max(max);

/** Identifier of a person, unit, room, camera or event, given by the caller (uuid or registry code). */
export const id = text(100);

/**
 * An RFC 3339 date-time with any offset, to the minute or to the second (optionally with a
 * fraction), kept as the UTC instant ending in 'Z' (payloads/date-time.ts). Officers state times
 * to the minute (КПК ст. 208: date and time to the minute).
 */
export const instant = z
  .string()
  .refine((s) => normaliseDateTime(s) !== undefined, { error: DATE_TIME_HINT })
  .overwrite((s) => normaliseDateTime(s)?.instant ?? s)
  .meta({ format: 'date-time', description: 'RFC 3339 date-time with Z or an offset' });

/**
 * A date-time inside a payload whose offset is kept: validated as `instant` is, but left as given
 * by the field; the object holding it normalises it with `keepOffsets`, which also keeps the
 * offset in the field `<name>Offset` (so both are in the signed payload).
 */
export const statedInstant = z
  .string()
  .refine((s) => normaliseDateTime(s) !== undefined, { error: DATE_TIME_HINT })
  .meta({ format: 'date-time', description: 'RFC 3339 date-time with Z or an offset' });

/** The offset a date-time beside it was stated in (RFC 3339 ±hh:mm), as given; absent for Z. */
export const statedOffset = z
  .string()
  .regex(/^[+-]\d{2}:\d{2}$/, 'expected an RFC 3339 offset ±hh:mm')
  .meta({ description: 'the offset the time beside it was stated in, as given; absent for Z' });

/**
 * The `.overwrite` of an object with `statedInstant` fields: each is kept as its UTC instant
 * ending in 'Z', and a non-Z offset it was stated in goes to `<field>Offset` (an offset already
 * there stays when the time is given in UTC, so parsing a stored payload again changes nothing).
 */
export function keepOffsets(...fields: readonly string[]) {
  return <T extends object>(value: T): T => {
    const out = { ...value } as Record<string, unknown>;
    for (const field of fields) {
      const given = out[field];
      const time = typeof given === 'string' ? normaliseDateTime(given) : undefined;
      if (time === undefined) continue;
      out[field] = time.instant;
      if (time.offset !== 'Z') out[`${field}Offset`] = time.offset;
    }
    return out as T;
  };
}

/** A SHA-256 digest as 64 lower-case hex characters. */
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** A calendar date YYYY-MM-DD (date of birth). */
export const isoDate = z.iso.date();

export const optionalText = (max = 500) => text(max).optional();

/** A signature taken from the detainee, or the stated reason why there is none (КПК ст. 208 ч. 5). */
export const signatureOrRefusal = z.discriminatedUnion('signed', [
  z.strictObject({ signed: z.literal(true) }),
  z.strictObject({ signed: z.literal(false), reason: text(1000) }),
]);

/** A place: a free-text address plus optional coordinates from the tablet. */
export const place = z.strictObject({
  description: text(500),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});

/** A location inside the unit: Custody Records zone, room or cell. */
export const location = z.strictObject({
  zoneId: id.optional(),
  roomId: id.optional(),
  cellId: id.optional(),
  description: optionalText(200),
});
export type Location = z.infer<typeof location>;

/** A person named in an entry who is not necessarily a system user (escort, relative, lawyer). */
export const personRef = z.strictObject({
  id: id.optional(),
  name: text(200),
});
export type PersonRef = z.infer<typeof personRef>;
