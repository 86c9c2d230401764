"""tracemalloc's peak, kept true across helpers that reset it.

compare() and timeline() reset tracemalloc's peak to measure one call or one interval. Resetting it
directly would make the cell's own metrics line forget a peak reached earlier in the same cell, so
every reset goes through reset_peak() here, which remembers the highest peak first. The cell runner
opens a window with begin_cell() and reads the whole cell's peak with highest_peak().
"""

import tracemalloc

_highest = 0


def begin_cell() -> None:
    """Start a new peak window (the runner calls this before each cell)."""
    global _highest
    _highest = 0
    tracemalloc.reset_peak()


def reset_peak() -> None:
    """Reset tracemalloc's peak to the current size, remembering the peak reached so far."""
    global _highest
    if not tracemalloc.is_tracing():
        return
    peak = tracemalloc.get_traced_memory()[1]
    if peak > _highest:
        _highest = peak
    tracemalloc.reset_peak()


def highest_peak() -> int:
    """The highest traced size since begin_cell(), across every reset_peak() in between."""
    peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
    return max(peak, _highest)


class tracing:
    """Context manager: make sure tracemalloc traces inside the block.

    The engine traces from boot. On a native interpreter that does not, it starts tracing for the
    block and stops again after, so only allocations made inside the block are seen.
    """

    def __enter__(self) -> "tracing":
        self.started = not tracemalloc.is_tracing()
        if self.started:
            tracemalloc.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.started:
            tracemalloc.stop()
