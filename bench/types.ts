/** What every benchmark returns; the runner prints it as one JSON line. */
export interface BenchResult {
  /** The measured figure (higher or lower is better as the unit says). */
  value: number;
  unit: string;
  /** What the figure is compared against, in words. */
  baseline: string;
  baseline_value: number;
  /** value ÷ baseline_value (a speed-up when the unit is a rate). */
  ratio: number;
  /** Further named figures (p50_ms, build_ms, agree…). */
  extra?: Record<string, number | string | boolean>;
}

/** A benchmark module's default shape: a name and a run that prints human lines as it goes. */
export interface Benchmark {
  name: string;
  run(): Promise<BenchResult>;
}
