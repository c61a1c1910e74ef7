import { describe, expect, test } from 'vitest';
import { duplicateKeyAt } from './http/json-body.ts';
import { cutText, headerText, isWellFormed, loneSurrogateAt } from './text.ts';

describe('text from outside', () => {
  test('a lone surrogate is found in a string or a member name, with its path', () => {
    expect(loneSurrogateAt({ a: ['x', { b: 'ok\ud83d\ude00' }] }, 'body')).toBeNull();
    expect(loneSurrogateAt({ a: ['x', { b: 'bad\ud800' }] }, 'body')).toBe('body.a.1.b');
    expect(loneSurrogateAt({ p: { ['k\udc00']: 1 } }, 'body')).toBe('body.p.k\ufffd');
    expect(loneSurrogateAt('\ude00', 'body')).toBe('body');
    expect(loneSurrogateAt(42, 'body')).toBeNull();
  });

  test('text is cut on code points, never inside a surrogate pair', () => {
    const smile = '\ud83d\ude00';
    const cut = cutText('а'.repeat(499) + smile + smile, 500);
    expect(cut).toBe('а'.repeat(499) + smile);
    expect(isWellFormed(cut)).toBe(true);
    expect(cutText('ab', 5)).toBe('ab');
    expect(cutText('x\ud800y', 5)).toBe('x\ufffdy');
  });

  test('a header is decoded from percent-encoding or from raw UTF-8 bytes, and cut', () => {
    const reason = 'Перевірка НПМ ' + '\ud83d\ude00';
    expect(headerText(encodeURIComponent(reason), 500)).toBe(reason);
    // A raw UTF-8 header arrives as Latin-1 characters, one per byte.
    expect(headerText(Buffer.from(reason, 'utf8').toString('latin1'), 500)).toBe(reason);
    // Invalid UTF-8 (a lead byte with no continuation) becomes U+FFFD.
    expect(headerText('ok\u00c3', 500)).toBe('ok\ufffd');
    expect(headerText('%E0%A4%A', 500)).toBe('%E0%A4%A');
    const long = headerText(encodeURIComponent('ї'.repeat(499) + '\ud83d\ude00\ud83d\ude00'), 500);
    expect(Array.from((long ?? '').matchAll(/./gsu))).toHaveLength(500);
    expect(isWellFormed(long ?? '')).toBe(true);
    expect(headerText(undefined, 10)).toBeUndefined();
    expect(headerText(['a', 'b'], 10)).toBe('a');
  });

  test('a member name repeated in one object is found with its path; equal names apart are not', () => {
    expect(duplicateKeyAt('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}')).toBeNull();
    expect(duplicateKeyAt('{"a":1,"a":2}')).toBe('body.a');
    expect(duplicateKeyAt('{"p":{"x":"\\"a\\":","x":1}}')).toBe('body.p.x');
    expect(duplicateKeyAt('{"l":[1,{"k":1, "k" :2}]}')).toBe('body.l.1.k');
    expect(duplicateKeyAt('{"\\u0061":1,"a":2}')).toBe('body.a');
    expect(duplicateKeyAt('["a","a"]')).toBeNull();
  });
});
