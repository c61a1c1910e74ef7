import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson (RFC 8785)', () => {
  it('reproduces the RFC 8785 §3.2.2 example', () => {
    const input: unknown = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units as in RFC 8785 §3.2.3, non-BMP before U+FB33', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const out = canonicalJson(input);
    expect(out.indexOf('\ud83d\ude00')).toBeLessThan(out.indexOf('\ufb33'));
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('sorts Cyrillic keys after Latin and by code unit, at every depth', () => {
    expect(canonicalJson({ я: 1, б: { ґ: 1, є: 2, а: 3 }, а: [{ z: 1, a: 2 }], a: 0 })).toBe(
      '{"a":0,"а":[{"a":2,"z":1}],"б":{"а":3,"є":2,"ґ":1},"я":1}',
    );
  });

  it('serialises numbers as ECMAScript Number::toString (RFC 8785 §3.2.2.3, appendix B)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [5e-324, '5e-324'],
      [-1.7976931348623157e308, '-1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'],
      [295147905179352830000, '295147905179352830000'],
      [0.1 + 0.2, '0.30000000000000004'],
    ];
    for (const [n, s] of cases) expect(canonicalJson(n), String(n)).toBe(s);
  });

  it('escapes only what RFC 8785 §3.2.2.2 requires', () => {
    expect(canonicalJson('\b\f\n\r\t\u0000\u001f"\\/\u007f\u2028é')).toBe(
      '"\\b\\f\\n\\r\\t\\u0000\\u001f\\"\\\\/\u007f\u2028é"',
    );
  });

  it('rejects values that are not JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: unknown[] = [
      undefined,
      NaN,
      Infinity,
      -Infinity,
      10n,
      () => 1,
      Symbol('s'),
      new Date(0),
      new Map(),
      new Uint8Array(1),
      { a: undefined },
      [1, undefined],
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      cyclic,
      '\ud800',
      { '\udc00': 1 },
      { [Symbol('k')]: 1 },
      Object.create({ inherited: 1 }) as unknown,
    ];
    for (const v of bad) expect(() => canonicalJson(v), typeof v).toThrow(TypeError);
  });

  it('names where a value is not JSON, from the root ($) by names and indices', () => {
    const cyclic: Record<string, unknown> = { list: [] };
    (cyclic.list as unknown[]).push({ back: cyclic });
    const cases: [unknown, string][] = [
      [undefined, 'undefined is not a JSON value at $'],
      [{ a: [1, { b: NaN }] }, 'non-finite number at .a[1].b'],
      // eslint-disable-next-line no-sparse-arrays
      [{ a: { b: [0, , 2] } }, 'sparse array at .a.b[1]'],
      [[{ x: 'ok' }, ['\ud800']], 'lone surrogate in string at [1][0]'],
      [{ a: { '\udc00': 1 } }, 'lone surrogate in string at .a'],
      [{ a: [new Date(0)] }, 'not a plain object at .a[0]'],
      [cyclic, 'cycle at .list[0].back'],
    ];
    for (const [value, message] of cases) {
      expect(() => canonicalJson(value)).toThrow(`canonicalJson: ${message}`);
    }
  });

  it('accepts shared (non-cyclic) references and null-prototype objects', () => {
    const shared = { x: 1 };
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    expect(canonicalJson([shared, shared, bare])).toBe('[{"x":1},{"x":1},{"a":2,"b":1}]');
  });
});
