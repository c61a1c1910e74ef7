import { describe, expect, it } from 'vitest';
import { atPath, fieldId } from './field-spec.ts';

describe('field paths', () => {
  it('reads the node at a dotted path, through arrays, and nothing past a leaf', () => {
    const payload = { uses: [{ technique: 'Кайданки' }], defender: { name: 'Коваленко К. К.' } };
    expect(atPath(payload, 'uses.0.technique')).toBe('Кайданки');
    expect(atPath(payload, 'defender.name')).toBe('Коваленко К. К.');
    expect(atPath(payload, 'defender.name.first')).toBeUndefined();
    expect(atPath(undefined, 'uses')).toBeUndefined();
  });

  it('makes an input id of a path', () => {
    expect(fieldId('f1', 'uses.0.technique')).toBe('f1-uses-0-technique');
  });
});
