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
  /** Why there is a baseline but no ratio: the machine was too busy when the runs started. */
  ratioRefused?: string;
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

/**
 * Why a ratio must not be reported, or null when it may: a one-minute load average above the
 * number of cores at the start of a scenario means other work was queued for the CPU, and a ratio
 * of two starts that both want every core then says more about that work than about the page.
 */
export function loadRefusal(loadAverage: number, cores: number): string | null {
  if (!Number.isInteger(cores) || cores < 1) throw new Error(`the core count must be a whole number of at least 1, not ${cores}`);
  if (!Number.isFinite(loadAverage) || loadAverage < 0) throw new Error(`a load average is a number of at least 0, not ${loadAverage}`);
  if (loadAverage <= cores) return null;
  return (
    `no ratio: the load average was ${loadAverage.toFixed(2)} at the start, more than the ${cores} cores ` +
    `(other work was waiting for the CPU); rerun on a quiet machine`
  );
}

/**
 * Waits, up to `limitMs`, for the one-minute load average to fall to the core count: on 2 cores
 * the bench's own previous runs (Chromium, the baseline's Pyodide) keep it above 2 for a minute
 * after they end, so without this wait every page after the first was refused. Resolves to the
 * load it ends at and how long it waited; a machine busy with other work still ends over the
 * limit, and is refused by `loadRefusal`. `read` and `sleep` are passed in (tests use fakes).
 */
export async function waitForQuiet(
  read: () => number,
  cores: number,
  limitMs: number,
  sleep: (ms: number) => Promise<void>,
  stepMs = 5_000,
): Promise<{ load: number; waitedMs: number }> {
  let waitedMs = 0;
  let load = read();
  while (load > cores && waitedMs < limitMs) {
    await sleep(stepMs);
    waitedMs += stepMs;
    load = read();
  }
  return { load, waitedMs };
}

/**
 * Summarises runs, and when given the baseline's runs (same order), the baseline and the ratios;
 * with a refusal (see `loadRefusal`), the baseline but, in place of the ratios, the refusal.
 */
export function measured(samples: readonly number[], baseline?: readonly number[], refusal?: string | null): Measured {
  const result: Measured = { ...summarize(samples), samples: [...samples] };
  if (baseline) {
    const ratios = pairRatios(samples, baseline);
    result.baseline = { ...summarize(baseline), samples: [...baseline] };
    if (refusal) result.ratioRefused = refusal;
    else result.ratio = { ...summarize(ratios), samples: ratios };
  }
  return result;
}

/**
 * A target on the ratio: met, missed, or null (not judged) when there is no ratio to judge.
 * `limit` is the largest ratio that meets it.
 */
export function ratioTarget(figure: Measured, limit: number): boolean | null {
  return figure.ratio ? figure.ratio.median <= limit : null;
}
