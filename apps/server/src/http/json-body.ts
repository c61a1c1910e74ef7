import { visit } from 'jsonc-parser';
import { scan } from 'secure-json-parse';
import { HttpProblem } from './problem.ts';
import { loneSurrogateAt } from '../text.ts';
import type { App } from './types.ts';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * The path (`body.payload.name`) of the first member name repeated in one object of a JSON text
 * already known to be valid JSON; null when every object's names are unique.
 */
export function duplicateKeyAt(text: string): string | null {
  // One frame per open container: an object's names so far and the path to it.
  const frames: { names: Set<string> | null; path: string; index: number }[] = [];
  let key: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = closingQuote(text, i);
      const top = frames.at(-1);
      if (text[afterSpace(text, end + 1)] === ':' && top?.names) {
        key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.names.has(key)) return `${top.path}.${key}`;
        top.names.add(key);
      }
      i = end;
    } else if (c === '{' || c === '[') {
      const top = frames.at(-1);
      const here =
        top === undefined ? 'body' : `${top.path}.${top.names ? (key ?? '') : String(top.index)}`;
      frames.push({ names: c === '{' ? new Set() : null, path: here, index: 0 });
    } else if (c === '}' || c === ']') {
      frames.pop();
    } else if (c === ',') {
      const top = frames.at(-1);
      if (top) top.index += 1;
    }
  }
  return null;
}

/** The index of the quote that closes the string opened at `start` of a valid JSON text. */
function closingQuote(text: string, start: number): number {
  let end = start + 1;
  while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
  return end;
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
function afterSpace(text: string, i: number): number {
  let next = i;
  while (text[next] === ' ' || text[next] === '\n' || text[next] === '\r' || text[next] === '\t')
    next += 1;
  return next;
}

/** Whether a member name of a valid JSON text is written with an escape (`"a\"b":`). */
export function nameEscaped(text: string): boolean {
  let slash = text.indexOf('\\');
  for (let i = text.indexOf('"'); i !== -1 && slash !== -1;) {
    const end = closingQuote(text, i);
    if (slash < end && text[afterSpace(text, end + 1)] === ':') return true;
    i = text.indexOf('"', end + 1);
    if (slash < i) slash = text.indexOf('\\', i);
  }
  return false;
}

/** The end of a member name (`"` then `:`), and a few ends inside strings (`\\":`) beside them. */
const NAME_END = /"[ \t\n\r]*:/g;

/** How many member names the objects of a parsed JSON value have, all levels together. */
function nameCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += nameCount(item);
    return n;
  }
  for (const key of Object.keys(value)) n += 1 + nameCount((value as Record<string, unknown>)[key]);
  return n;
}

/**
 * {@link duplicateKeyAt} of a JSON text and of `value`, the text as parsed, without scanning the
 * text character by character when no name can be repeated: the text has at least as many ends
 * of a member name (`"` and `:`) as it has member names, and parsing keeps one of each repeated
 * name, so a text with no more such ends than the value has names repeats none. Otherwise (a
 * repeated name, or `\\":` inside a string) the exact scan decides.
 */
export function repeatedNameAt(text: string, value: unknown): string | null {
  const ends = text.match(NAME_END)?.length ?? 0;
  return ends === nameCount(value) ? null : duplicateKeyAt(text);
}

/**
 * The value of a JSON text that `JSON.parse` accepted as `parsed`, read again without
 * `JSON.parse` when a member name is written with an escape. The V8 of Node.js 24 (and 26) can
 * decode such a name as a name seen in an earlier parse whose text begins the same way: after any
 * text with a `"\\"` name, `{"h":1,"\"":2}` reads back `\` for `"` (nodejs/node#63785, open).
 * One client's body could so change what another's says, and a repeated name could pass unseen.
 * The mistake needs an escape in the name being read, so the common text keeps the native value.
 * jsonc-parser reads names and values itself; names become own properties (`defineProperty`), so
 * a `__proto__` name is refused by the same scan Fastify's parser runs.
 */
export function exactValue(text: string, parsed: unknown): unknown {
  if (!nameEscaped(text)) return parsed;
  const open: (unknown[] | Record<string, unknown>)[] = [];
  let root: unknown;
  let name = '';
  const put = (value: unknown) => {
    const top = open.at(-1);
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else
      Object.defineProperty(top, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  };
  const begin = (container: unknown[] | Record<string, unknown>) => {
    put(container);
    open.push(container);
  };
  visit(
    text,
    {
      onObjectBegin: () => {
        begin({});
      },
      onArrayBegin: () => {
        begin([]);
      },
      onObjectEnd: () => {
        open.pop();
      },
      onArrayEnd: () => {
        open.pop();
      },
      onObjectProperty: (property) => {
        name = property;
      },
      onLiteralValue: put,
      onError: (code, offset) => {
        throw new SyntaxError(
          `JSON text not read alike at ${String(offset)} (code ${String(code)})`,
        );
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (typeof root === 'object' && root !== null)
    scan(root, { protoAction: 'error', constructorAction: 'error' });
  return root;
}

/**
 * A lone surrogate of a parsed body, looked for only when the text could hold one: text decoded
 * from UTF-8 has none of its own, so only an escape (`\\u`) can make one; a text with neither an
 * escape nor a surrogate code unit is passed without walking the value.
 */
function loneSurrogateOf(text: string, value: unknown): string | null {
  return MAY_HOLD_SURROGATE.test(text) ? loneSurrogateAt(value, 'body') : null;
}

const MAY_HOLD_SURROGATE = /\\u|[\uD800-\uDFFF]/;

function refuse(path: string, message: string, detail: string): HttpProblem {
  return new HttpProblem(400, 'invalid_json', detail, { errors: [{ path, message }] });
}

/**
 * JSON request bodies are I-JSON (RFC 7493): Fastify's own parser (prototype poisoning refused),
 * then a member name repeated in one object, or a string or name holding a lone surrogate escape
 * (`"\ud800"`, which canonical JSON, RFC 8785, cannot encode), is refused with a 400
 * `invalid_json` problem naming the field. Refused rather than repaired: a person's statement is
 * never silently changed, and a repeated name would otherwise keep whichever came last. A
 * charset other than UTF-8 (RFC 8259 §8.1) is refused with 415.
 */
export function registerJsonBody(app: App): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      done(
        new HttpProblem(
          415,
          'unsupported_media_type',
          'JSON приймається лише в UTF-8. JSON is accepted in UTF-8 only.',
        ),
        undefined,
      );
      return;
    }
    const text = body as string;
    void parse(request, text, (error: Error | null, parsed?: unknown) => {
      if (error !== null) {
        done(error, undefined);
        return;
      }
      let value: unknown;
      try {
        value = exactValue(text, parsed);
      } catch (refused) {
        // As Fastify's own parser answers a `__proto__` or `constructor.prototype` name.
        (refused as Error & { statusCode?: number }).statusCode = 400;
        done(refused as Error, undefined);
        return;
      }
      const lone = loneSurrogateOf(text, value);
      const repeated = lone === null ? repeatedNameAt(text, value) : null;
      if (lone !== null) {
        done(
          refuse(
            lone,
            'lone surrogate: not encodable as UTF-8',
            'Текст містить неприпустимий символ. A string holds a lone surrogate (not I-JSON).',
          ),
          undefined,
        );
      } else if (repeated !== null) {
        done(
          refuse(
            repeated,
            'name repeated in one object',
            'Поле повторюється. A member name is repeated (not I-JSON).',
          ),
          undefined,
        );
      } else {
        done(null, value);
      }
    });
  });
}
