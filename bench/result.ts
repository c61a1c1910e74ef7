/** One benchmark figure, reported as a ratio to a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

export function result(name: string, value: number, unit: string, baseline: number): BenchResult {
  return { name, value, unit, baseline, ratio: value / baseline };
}
