import { expect, test } from 'vitest';
test('workspace runs tests', () => {
  expect(1 + 1).toBe(2);
});
