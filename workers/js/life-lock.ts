/**
 * The message a shared JavaScript engine sends on its port once it holds the Web Lock named after
 * it. Comlink ignores messages without its own `id`, so it can share the port.
 */
export const LIFE_LOCK_HELD = 'heapbookLifeLockHeld';

/** The message it sends when a cell's code took that lock from it (`navigator.locks.request(name, { steal: true }, …)`). */
export const LIFE_LOCK_LOST = 'heapbookLifeLockLost';

/** True for that message. */
export function isLifeLockHeld(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[LIFE_LOCK_HELD] === true;
}

/** True for the message that says the lock was taken from the engine. */
export function isLifeLockLost(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[LIFE_LOCK_LOST] === true;
}
