/** What a key press on the whiteboard does (issue 6: usable by keyboard). */
export type BoardKeyAction =
  | { readonly kind: 'select'; readonly index: number }
  | { readonly kind: 'open'; readonly index: number }
  | { readonly kind: 'cell-check'; readonly index: number }
  | { readonly kind: 'none' };

/**
 * Arrow keys move between rows (Home/End jump to the ends), Enter opens the selected record,
 * C records a cell check for it. Keys with Ctrl, Alt or Meta are left to the browser.
 */
export function boardKey(
  key: string,
  selected: number,
  rows: number,
  modifiers: { ctrl?: boolean; alt?: boolean; meta?: boolean } = {},
): BoardKeyAction {
  if (rows === 0 || modifiers.ctrl || modifiers.alt || modifiers.meta) return { kind: 'none' };
  const current = Math.min(Math.max(selected, 0), rows - 1);
  switch (key) {
    case 'ArrowDown':
      return { kind: 'select', index: Math.min(current + 1, rows - 1) };
    case 'ArrowUp':
      return { kind: 'select', index: Math.max(current - 1, 0) };
    case 'Home':
      return { kind: 'select', index: 0 };
    case 'End':
      return { kind: 'select', index: rows - 1 };
    case 'Enter':
      return { kind: 'open', index: current };
    case 'c':
    case 'C':
    case 'с':
    case 'С':
      return { kind: 'cell-check', index: current };
    default:
      return { kind: 'none' };
  }
}

/**
 * The keys the whiteboard's hint names: moving and opening for everyone who reads the board, C
 * only for those who may record a cell check (a monitor, HQ or medical staff may not).
 */
export function keyHints(mayCheck: boolean): ('wb.keys' | 'wb.keys.check')[] {
  return mayCheck ? ['wb.keys', 'wb.keys.check'] : ['wb.keys'];
}
