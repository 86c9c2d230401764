/**
 * Which cells to run when the reader runs one: the earlier cells that have not run in the current
 * engine first (so the names they define exist), then the cell itself. Pure.
 */
export function runPlan(order: readonly string[], target: string, ran: ReadonlySet<string>): string[] {
  const index = order.indexOf(target);
  if (index < 0) throw new Error(`cell "${target}" is not on this page`);
  return [...order.slice(0, index).filter((id) => !ran.has(id)), target];
}
