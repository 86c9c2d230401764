"""The recursion limit, capped at what this engine can hold in reasonable time.

Why: in Pyodide every Python call takes WebAssembly stack, and a stack overflow is fatal to the
interpreter ("Maximum call stack size exceeded"; CPython's own C stack check does not catch it
here). Measured in Node's worker thread (as at build): plain recursion (``def f(n): return f(n +
1000)``) raised RecursionError at 20,000 frames and crashed at 30,000; recursion through C
(``__repr__`` calling ``repr``, ``map``, ``__getattr__``) raised RecursionError at 3,000 levels
and crashed at 4,000 to 6,000. And tracemalloc, always on in the engine, walks the whole Python
stack on every allocation (to count its frames, in C), so recursing to depth d costs time in d²:
10,000 frames took 2 s, 100,000 took 93 s in Chromium.

Chromium's worker stack is smaller for recursion through C: there ``__repr__`` calling ``repr``
overflowed even at the default limit of 1,000 (measured in the e2e suite's Chromium). No
recursion limit prevents that; the engine reports it as a fatal crash and restarts, as for
``json.loads('[' * 100000)``. The cap is for plain Python recursion, which Chromium holds far
deeper but which tracemalloc makes slow.

So the runner replaces ``sys.setrecursionlimit`` with one that caps the limit at ``MAX_DEPTH`` and
says so on stderr, and a RecursionError under the cap says why the limit is lower than asked.
Only the engine installs it; the helpers on a native CPython leave ``sys`` alone.
"""

import sys

MAX_DEPTH = 3_000

_original = sys.setrecursionlimit
# The limit a cell asked for above the cap, until a later call asks for one within it.
_asked: int | None = None


def _capped_text(asked: int) -> str:
    return (
        f"sys.setrecursionlimit({asked:_}) was capped at {MAX_DEPTH:_}: in this engine deeper "
        "recursion would overflow the WebAssembly stack, which ends the interpreter, and "
        "tracemalloc (always on here) makes every level slower than the last."
    )


def setrecursionlimit(limit, /):
    """Set the recursion limit, at most MAX_DEPTH in this engine (see heapbook._recursion)."""
    global _asked
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > MAX_DEPTH:
        _original(MAX_DEPTH)
        _asked = limit
        print(f"heapbook: {_capped_text(limit)}", file=sys.stderr)
        return None
    _original(limit)
    _asked = None
    return None


def install() -> None:
    """Put the capped ``setrecursionlimit`` in ``sys``, and cap a limit already above it."""
    sys.setrecursionlimit = setrecursionlimit
    if sys.getrecursionlimit() > MAX_DEPTH:
        _original(MAX_DEPTH)


def explain(exc: BaseException) -> None:
    """Add to a RecursionError why the limit it hit is lower than the cell asked for."""
    if isinstance(exc, RecursionError) and _asked is not None and hasattr(exc, "add_note"):
        exc.add_note(f"The cell's {_capped_text(_asked)}")
