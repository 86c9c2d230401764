/**
 * The Web Lock a dedicated engine worker holds for as long as it lives, and the messages that say
 * so (their names are declared in protocol.ts, with every other message that crosses the boundary).
 */
import { isFlagMessage, LIFE_LOCK_HELD, LIFE_LOCK_LOST } from '../protocol.ts';

/** True for that message. */
export function isLifeLockHeld(data: unknown): boolean {
  return isFlagMessage(data, LIFE_LOCK_HELD);
}

/** True for the message that says the lock was taken from the engine. */
export function isLifeLockLost(data: unknown): boolean {
  return isFlagMessage(data, LIFE_LOCK_LOST);
}

/**
 * Holds the Web Lock named after this dedicated worker for as long as it lives, and says so through
 * `post` (then the page asks for the same lock, and is granted it when the worker ends, however it
 * ends: closed by any path, crashed). Says so too when a cell's code takes the lock away. Does
 * nothing where the worker has no name or the browser no Web Locks (and in Node).
 */
export function holdLifeLock(name: string | undefined, post: (message: unknown) => void): void {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!name || !locks) return;
  locks
    .request(name, () => {
      post({ [LIFE_LOCK_HELD]: true });
      return new Promise<never>(() => undefined);
    })
    .catch(() => post({ [LIFE_LOCK_LOST]: true }));
}
