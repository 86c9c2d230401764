"""What a cell still holds at its end, by the line of the cell that allocated it (the page's gutter).

The runner calls ``held_by_line(filename)`` right after it has read the cell's metrics. It reads
tracemalloc's traces (every traced block still allocated, with the frame that allocated it) and
adds up, per line of the cell, the bytes of the blocks whose frame is that line of that cell.

Attribution is tracemalloc's own: the engine traces one frame per block (``tracemalloc.start()``,
the default), the innermost Python frame. A block allocated by a line of the cell counts on that
line; one allocated inside a function the cell defines counts on the line of the function's body;
one allocated in library code or in a function of another cell does not count on any line of this
cell. Tracing more frames to charge such blocks to the calling line would slow every allocation
of every cell and grow each trace, so the engine does not: the page shows the rest as the
difference between the lines' total and the net figure of the metrics line.

Line 0 (the code object's start, before its first line) is not a line of the cell and is left out.
A block counts while it is held, whichever run of the cell allocated it: a cell run twice that
appends to a list each time shows both runs' items on the appending line.

The reading costs one pass over every trace (tracemalloc's ``_get_traces``, which ``take_snapshot``
calls, then one loop): a few milliseconds for the few thousand traces of a chapter.
"""

import json
import tracemalloc
from _tracemalloc import _get_traces


def held_by_line(filename: str) -> dict | None:
    """``{"lines": [[line, bytes, blocks], ...], "total": bytes}`` for the cell compiled as
    ``filename``, lines in order, lines that hold nothing left out; None when not tracing."""
    if not tracemalloc.is_tracing():
        return None
    sizes: dict = {}
    counts: dict = {}
    # Each trace is (domain, size, frames, total_nframe), frames ((filename, lineno), ...) with the
    # innermost first.
    for _domain, size, frames, _n in _get_traces():
        if frames and frames[0][0] == filename and frames[0][1] > 0:
            line = frames[0][1]
            sizes[line] = sizes.get(line, 0) + size
            counts[line] = counts.get(line, 0) + 1
    lines = [[line, sizes[line], counts[line]] for line in sorted(sizes)]
    return {"lines": lines, "total": sum(sizes.values())}


def lines_json(cell_id: str) -> str:
    """``held_by_line`` of a cell as JSON: what the page reads when the reader opens the gutter of
    the cell the engine ran last (the state that cell left), instead of reading it after every cell."""
    return json.dumps(held_by_line(f"<cell {cell_id}>"))
