import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { duplicateKeyAt, exactValue, nameEscaped, repeatedNameAt } from './json-body.ts';

/** Read as the body parser reads: the native value, read again where a name has an escape. */
const read = (text: string) => exactValue(text, JSON.parse(text));
const at = (text: string) => repeatedNameAt(text, read(text));

describe('repeatedNameAt: the exact scan, skipped only when no name can repeat', () => {
  test('finds a repeated name at any depth, with its path', () => {
    expect(at('{"a":1,"a":2}')).toBe('body.a');
    expect(at('{"a":{"b":[1,{"c":1,"d":2,"c":3}]}}')).toBe('body.a.b.1.c');
    expect(at('{"a" :1, "b"\n:2,\t"a"\r: 3}')).toBe('body.a');
    expect(at('[{"x":1},{"x":1,"x":1}]')).toBe('body.1.x');
    expect(at('{"\\u0061":1,"a":2}')).toBe('body.a');
  });

  test('a name repeated in different objects, or ends of a name inside strings, is no repetition', () => {
    expect(at('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}')).toBeNull();
    expect(at('{"a":"x\\":y","b":"\\":\\":"}')).toBeNull();
    expect(at('{"a":"\\":","a\\":":"a"}')).toBeNull();
    expect(at('[]')).toBeNull();
    expect(at('"\\":"')).toBeNull();
    expect(at('{}')).toBeNull();
  });

  test('agrees with the exact scan on any JSON text', () => {
    // Texts built member by member keep repeated names at every depth (JSON.stringify of a value
    // cannot); few distinct names, and strings that hold quotes, colons and escapes, so that
    // repeated names and ends of a name inside strings are both common.
    const name = fc.constantFrom('a', 'b', 'a":', '\\', 'é', '"').map((k) => JSON.stringify(k));
    const space = fc.constantFrom('', ' ', '\n ');
    const { text } = fc.letrec<{ text: string }>((tie) => ({
      text: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(':', '":', '\\":', 'x', null, 1, true).map((v) => JSON.stringify(v)),
        fc.array(tie('text'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
        fc
          .array(fc.tuple(name, space, tie('text')), { maxLength: 4 })
          .map((members) => `{${members.map(([k, w, v]) => `${k}${w}:${v}`).join(',')}}`),
      ),
    }));
    const seen = { repeated: 0, unique: 0 };
    fc.assert(
      fc.property(text, (t) => {
        const exact = duplicateKeyAt(t);
        expect(at(t)).toBe(exact);
        seen[exact === null ? 'unique' : 'repeated'] += 1;
      }),
      { numRuns: 2000 },
    );
    // Both kinds of text were tried, many times each.
    expect(Math.min(seen.repeated, seen.unique)).toBeGreaterThan(200);
  });
});

describe('exactValue: a member name written with an escape is read as written', () => {
  test('after a text with a "\\\\" name, "\\"" is still a quote (nodejs/node#63785)', () => {
    // On the V8 of Node.js 24 this very sequence makes JSON.parse read the second name as "\\".
    JSON.parse('{"h":[],"\\\\":0}');
    const value = read('{"h":1,"\\"":2}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['h', '"']);
    expect(value['"']).toBe(2);
    expect(at('{"h":1,"\\"":2,"\\"":3}')).toBe('body."');
  });

  test('reads the text itself, not what JSON.parse gave, whenever a name has an escape', () => {
    const text =
      '{"a\\u0062":[1,-0,1e400,"\\ud83d\\ude00",{"\\n":null,"x":[true,false]}],"c":"\\\\"}';
    const value = exactValue(text, { wrong: true });
    expect(value).toEqual(JSON.parse(text));
    expect(Object.is((value as { ab: unknown[] }).ab[1], -0)).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(exactValue('"\\n"', 'native')).toBe('native');
  });

  test('keeps the native value when no name has an escape, even if strings do', () => {
    const native = { a: 'x\\":y' };
    expect(exactValue('{"a":"x\\\\\\":y"}', native)).toBe(native);
    expect(nameEscaped('{"a":"\\":","b":"\\n"}')).toBe(false);
    expect(nameEscaped('{"a":"x","b\\n" :1}')).toBe(true);
    expect(nameEscaped('[{"x":"\\\\"},{"\\u0061":1}]')).toBe(true);
    expect(nameEscaped('{"a":1}')).toBe(false);
  });

  test('a __proto__ or constructor.prototype name is refused, however it is written', () => {
    expect(() => exactValue('{"\\u005f_proto__":{"x":1}}', {})).toThrow(SyntaxError);
    expect(() => exactValue('{"constructor":{"\\u0070rototype":{"x":1}}}', {})).toThrow(
      SyntaxError,
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('gives back every text written as JSON.stringify writes it, on any runtime', () => {
    // Texts in JSON.stringify's own form (no space, stable numbers and strings, no integer-like
    // names), so the text itself is the reference and no parse of the runtime is trusted.
    const name = fc.constantFrom('a', '"', '\\', 'a\n', 'é').map((k) => JSON.stringify(k));
    const { text } = fc.letrec<{ text: string }>((tie) => ({
      text: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('x"', '\\', 1, -2.5, null, true, 'é', '\n').map((v) => JSON.stringify(v)),
        fc.array(tie('text'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
        fc
          .uniqueArray(fc.tuple(name, tie('text')), { maxLength: 4, selector: ([k]) => k })
          .map((members) => `{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`),
      ),
    }));
    let escaped = 0;
    fc.assert(
      fc.property(text, (t) => {
        if (nameEscaped(t)) escaped += 1;
        expect(JSON.stringify(read(t))).toBe(t);
      }),
      { numRuns: 1000 },
    );
    expect(escaped).toBeGreaterThan(200);
  });
});
