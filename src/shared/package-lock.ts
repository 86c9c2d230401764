/**
 * The book's package lock (`packages.lock.json`), checked once: what `#| packages:` may name and
 * what the engine may load, the same at build and in the page (it is bundled, a few hundred bytes).
 */
import lockJson from '../../packages.lock.json' with { type: 'json' };
import { checkLock, type PackageLock } from '../../engine/packages.ts';

export const BOOK_LOCK: PackageLock = checkLock(lockJson);
