import {
  placementBreaches,
  type PlacementPerson,
  type PlacementRoom,
  type PlacementRule,
} from '@custody/domain';

/** A cell of a demo unit: a room for detainees with its capacity. */
export interface DemoCell {
  readonly id: string;
  readonly name: string;
  readonly capacity: number;
}

interface Stay {
  readonly cellId: string;
  readonly person: PlacementPerson;
  readonly from: number;
  to: number;
}

/**
 * Places the demo's detainees so that no placement breaks a placement rule (domain.md §4; the
 * domain's `placementBreaches`), over time: records are built one after another, each checked
 * against the stays of those built before it. A stay is known to its end once its record is
 * built (`close`); while one is placed, `until` is a bound on its end (its whole planned stay), so
 * every two stays that overlap are compared by the later-built one.
 */
export class CellPlanner {
  readonly #stays: Stay[] = [];

  constructor(readonly cells: readonly DemoCell[]) {}

  /** Who is held in `cellId` at some instant of [from, until), the person excluded. */
  occupants(cellId: string, from: number, until: number, recordId: string): PlacementPerson[] {
    return this.#stays
      .filter((s) => s.cellId === cellId && s.person.recordId !== recordId)
      .filter((s) => s.from < until && from < s.to)
      .map((s) => s.person);
  }

  /** The rules placing `person` in `cell` for [from, until) would break. */
  breaches(cell: DemoCell, person: PlacementPerson, from: number, until: number): PlacementRule[] {
    const occupants = this.occupants(cell.id, from, until, person.recordId);
    return placementBreaches(person, { ...cell, occupants });
  }

  /** The first cell where the stay breaks no rule; it is then held there from `from`. */
  place(person: PlacementPerson, from: number, until: number): DemoCell {
    const cell = this.cells.find((c) => this.breaches(c, person, from, until).length === 0);
    if (cell === undefined) {
      throw new Error(`demo: no cell keeps every placement rule for record ${person.recordId}`);
    }
    this.hold(cell, person, from);
    return cell;
  }

  /**
   * The first cell where placing `person` at `from` breaks exactly `rules` against who is held
   * there at that instant, for the demo's one deliberately flagged placement (domain.md §4): the
   * cell, and the room with those occupants as `decide` is to judge it; it is then held there.
   */
  placeInBreach(
    person: PlacementPerson,
    from: number,
    rules: readonly PlacementRule[],
  ): { cell: DemoCell; room: PlacementRoom } {
    for (const cell of this.cells) {
      const occupants = this.occupants(cell.id, from, from + 1, person.recordId);
      const broken = placementBreaches(person, { ...cell, occupants });
      if (broken.join() !== rules.join()) continue;
      this.hold(cell, person, from);
      return { cell, room: { ...cell, occupants } };
    }
    throw new Error(`demo: no cell where record ${person.recordId} breaks ${rules.join(', ')}`);
  }

  /**
   * The record was in fact held elsewhere from the start (a corrected placement): its stays are
   * dropped and it is placed again in the first other cell that breaks no rule.
   */
  replace(person: PlacementPerson, from: number, until: number, notIn: string): DemoCell {
    const mine = this.#stays.filter((s) => s.person.recordId === person.recordId);
    for (const s of mine) this.#stays.splice(this.#stays.indexOf(s), 1);
    const cell = this.cells.find(
      (c) => c.id !== notIn && this.breaches(c, person, from, until).length === 0,
    );
    if (cell === undefined) throw new Error(`demo: no other cell for record ${person.recordId}`);
    this.hold(cell, person, from);
    return cell;
  }

  /** Holds `person` in `cell` from `from`, whatever the rules (a flagged placement). */
  hold(cell: DemoCell, person: PlacementPerson, from: number): void {
    this.#stays.push({ cellId: cell.id, person, from, to: Number.POSITIVE_INFINITY });
  }

  /**
   * Forgets the stays that ended at or before `t`: a builder that only places people from `t` on
   * (records built in order of their start) never meets them again, and a year of them would
   * make every placement scan them all.
   */
  forget(t: number): void {
    let kept = 0;
    for (const s of this.#stays) if (s.to > t) this.#stays[kept++] = s;
    this.#stays.length = kept;
  }

  /** The record's custody ended at `to` (its last stay ends there). */
  close(recordId: string, to: number): void {
    for (const s of this.#stays) if (s.person.recordId === recordId && s.to > to) s.to = to;
  }
}
