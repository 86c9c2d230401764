/** The benchmark's arithmetic: summaries of repeated runs and their ratio to a baseline. Pure. */

export interface Summary {
  min: number;
  median: number;
  max: number;
}

/** A figure measured over several runs, with the baseline's runs when it has the same figure. */
export interface Measured extends Summary {
  samples: number[];
  baseline?: Summary & { samples: number[] };
  /** This figure over the baseline's, run pair by run pair, summarised. */
  ratio?: Summary & { samples: number[] };
}

/** The middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summary of no values');
  return { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/**
 * Each run's figure over the baseline run it was paired (alternated) with. Pairing keeps a burst
 * of load on a shared machine from favouring one side.
 */
export function pairRatios(values: readonly number[], baseline: readonly number[]): number[] {
  if (values.length !== baseline.length) {
    throw new Error(`cannot pair ${values.length} runs with ${baseline.length} baseline runs`);
  }
  return values.map((value, i) => value / (baseline[i] as number));
}

/** Summarises runs, and when given the baseline's runs (same order), the baseline and the ratios. */
export function measured(samples: readonly number[], baseline?: readonly number[]): Measured {
  const result: Measured = { ...summarize(samples), samples: [...samples] };
  if (baseline) {
    const ratios = pairRatios(samples, baseline);
    result.baseline = { ...summarize(baseline), samples: [...baseline] };
    result.ratio = { ...summarize(ratios), samples: ratios };
  }
  return result;
}
