import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { duplicateKeyAt, repeatedNameAt } from './json-body.ts';

const at = (text: string) => repeatedNameAt(text, JSON.parse(text));

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
