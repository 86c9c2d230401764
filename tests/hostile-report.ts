/**
 * The hostile-input corpora's report (engine cases in Node, page cases and floods in Chromium): a
 * `hostile: <case> <outcome>, <times>` line as each case ends, and a markdown table of them all
 * when the file ends, which is where a closing note's figures come from.
 */
export const ms = (t: number) => `${Math.round(t)} ms`;

const rows: string[] = [];

export function report(name: string, outcome: string, times: Record<string, number>): void {
  const entries = Object.entries(times);
  console.log(`hostile: ${name} ${outcome}, ${entries.map(([k, v]) => `${k} in ${ms(v)}`).join(', ')}`);
  rows.push(`| ${name} | ${outcome} | ${entries.map(([k, v]) => `${k} ${ms(v)}`).join('; ')} |`);
}

/** Prints the table of the cases reported so far in this test file. */
export function printReport(): void {
  console.log(['| case | outcome | times |', '| --- | --- | --- |', ...rows].join('\n'));
}
