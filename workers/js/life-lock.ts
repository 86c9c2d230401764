/**
 * The message a shared JavaScript engine sends on its port once it holds the Web Lock named after
 * it. Comlink ignores messages without its own `id`, so it can share the port.
 */
export const LIFE_LOCK_HELD = 'heapbookLifeLockHeld';

/** True for that message. */
export function isLifeLockHeld(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[LIFE_LOCK_HELD] === true;
}
