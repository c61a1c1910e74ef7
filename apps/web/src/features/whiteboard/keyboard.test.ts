import { describe, expect, it } from 'vitest';
import { boardKey, keyHints } from './keyboard.ts';

describe('whiteboard keyboard', () => {
  it('moves between rows with the arrows and stops at the ends', () => {
    expect(boardKey('ArrowDown', 0, 3)).toEqual({ kind: 'select', index: 1 });
    expect(boardKey('ArrowDown', 2, 3)).toEqual({ kind: 'select', index: 2 });
    expect(boardKey('ArrowUp', 0, 3)).toEqual({ kind: 'select', index: 0 });
    expect(boardKey('End', 0, 3)).toEqual({ kind: 'select', index: 2 });
    expect(boardKey('Home', 2, 3)).toEqual({ kind: 'select', index: 0 });
  });

  it('opens with Enter and records a cell check with C in either layout', () => {
    expect(boardKey('Enter', 1, 3)).toEqual({ kind: 'open', index: 1 });
    expect(boardKey('c', 1, 3)).toEqual({ kind: 'cell-check', index: 1 });
    expect(boardKey('С', 1, 3)).toEqual({ kind: 'cell-check', index: 1 });
  });

  it('clamps a stale selection and ignores keys with modifiers or an empty board', () => {
    expect(boardKey('Enter', 9, 2)).toEqual({ kind: 'open', index: 1 });
    expect(boardKey('c', 0, 2, { ctrl: true })).toEqual({ kind: 'none' });
    expect(boardKey('ArrowDown', 0, 0)).toEqual({ kind: 'none' });
    expect(boardKey('x', 0, 2)).toEqual({ kind: 'none' });
  });

  it('names C in its hint only to those who may record a cell check', () => {
    expect(keyHints(true)).toEqual(['wb.keys', 'wb.keys.check']);
    expect(keyHints(false)).toEqual(['wb.keys']);
  });
});
