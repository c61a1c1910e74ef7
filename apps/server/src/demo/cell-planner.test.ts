import { describe, expect, it } from 'vitest';
import type { PlacementPerson } from '@custody/domain';
import { CellPlanner } from './cell-planner.ts';

const person = (recordId: string): PlacementPerson => ({
  recordId,
  juvenile: false,
  sex: 'male',
  profile: 'ua_criminal_208',
});

describe('CellPlanner.forget', () => {
  it('drops the stays that ended by then and keeps the others', () => {
    const planner = new CellPlanner([{ id: 'c1', name: 'Cell 1', capacity: 1 }]);
    planner.place(person('a'), 0, 100);
    planner.close('a', 50);
    planner.place(person('b'), 60, 200);
    // Before forgetting: a's stay [0, 50) overlaps a question about [40, 70).
    expect(planner.occupants('c1', 40, 70, 'x').map((p) => p.recordId)).toEqual(['a', 'b']);
    planner.forget(50);
    expect(planner.occupants('c1', 40, 70, 'x').map((p) => p.recordId)).toEqual(['b']);
    // b's stay is still open: the one-place cell stays full, so c is refused.
    expect(() => planner.place(person('c'), 70, 80)).toThrow(/no cell keeps every placement rule/);
    planner.close('b', 90);
    planner.forget(90);
    expect(planner.place(person('c'), 90, 120).id).toBe('c1');
  });
});
