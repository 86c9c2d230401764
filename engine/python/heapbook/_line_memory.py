"""memory_profile(): traced allocations per source line for one call, like memory_profiler.

sys.monitoring LINE, PY_START and PY_RETURN events are enabled on the function's own code object
only (PY_UNWIND cannot be local, so it is enabled globally and filtered). At each event the
tracemalloc current size is read; the change since the previous event is charged to the line that
was running, so calls made by a line count on that line. tracemalloc is read again at the end of
each callback, so the callback's own bookkeeping is never charged to a line.
"""

import linecache
import tracemalloc
from array import array

from . import _tracing
from ._monitoring import Tool
from ._platform import is_wasm, platform
from ._tables import MIME, Rich, Say, column, measured_on, table, text_block, text_table

_CO_GENERATOR, _CO_COROUTINE, _CO_ASYNC_GENERATOR = 0x20, 0x80, 0x200
_traced = tracemalloc.get_traced_memory


class _LineRecorder:
    """State the monitoring callbacks update.

    Everything lives in preallocated arrays of C integers: a callback that kept new int objects
    alive (in a dict, say) would drain CPython's int free list, and a later, untraced-looking
    allocation would then be charged to an innocent line.
    """

    __slots__ = ("code", "first", "marks", "stack", "depth", "hits", "increment", "total")

    def __init__(self, code, lines: range) -> None:
        self.code = code
        self.first = lines.start
        n = len(lines)
        # [traced size at the start, traced size after the previous callback, bytes the callbacks
        # themselves left behind (excluded from every figure)]
        self.marks = array("q", [0, 0, 0])
        self.stack = array("q", bytes(8 * 64))  # running line index + 1 of each active call, 0 = none
        self.depth = 0
        self.hits = array("q", bytes(8 * n))
        self.increment = array("q", bytes(8 * n))
        self.total = array("q", bytes(8 * n))

    def begin(self) -> None:
        self.marks[0] = self.marks[1] = _traced()[0]

    def _charge(self, now: int) -> None:
        if self.depth:
            line = self.stack[self.depth - 1]
            if line:
                self.increment[line - 1] += now - self.marks[1]
                self.total[line - 1] = now - self.marks[0] - self.marks[2]

    def _done(self, now: int) -> None:
        after = _traced()[0]
        self.marks[2] += after - now
        self.marks[1] = after

    def net(self, now: int) -> int:
        """Traced bytes above the start, without what the callbacks left behind."""
        return now - self.marks[0] - self.marks[2]

    def on_start(self, code, offset) -> None:
        now = _traced()[0]
        self._charge(now)
        if self.depth == len(self.stack):
            self.stack.extend(array("q", bytes(8 * len(self.stack))))
        self.stack[self.depth] = 0
        self.depth += 1
        self._done(now)

    def on_line(self, code, line) -> None:
        now = _traced()[0]
        self._charge(now)
        if not self.depth:  # a call that was already running when monitoring began
            self.depth = 1
        index = line - self.first
        if 0 <= index < len(self.hits):
            self.stack[self.depth - 1] = index + 1
            self.hits[index] += 1
        self._done(now)

    def on_return(self, code, offset, value) -> None:
        now = _traced()[0]
        self._charge(now)
        if self.depth:
            self.depth -= 1
        self._done(now)

    def on_unwind(self, code, offset, exception) -> None:
        if code is self.code and self.depth:
            self.on_return(code, offset, exception)

    def row(self, line: int, source: str) -> dict:
        i = line - self.first
        hits = self.hits[i]
        return {
            "line": line,
            "code": source,
            "hits": hits,
            "increment": self.increment[i] if hits else None,
            "total": self.total[i] if hits else None,
        }


def _code_of(func):
    """The code object that runs when ``func`` is called: through methods, partials and wrappers."""
    seen = 0
    while seen < 100:
        seen += 1
        if hasattr(func, "__code__"):
            return func.__code__
        if hasattr(func, "__func__"):
            func = func.__func__
        elif hasattr(func, "__wrapped__"):
            func = func.__wrapped__
        elif hasattr(func, "func"):  # functools.partial
            func = func.func
        else:
            break
    raise TypeError(f"memory_profile() needs a function written in Python, not {type(func).__name__}")


def memory_profile(func, *args, **kwargs) -> "Profile":
    """Call ``func(*args, **kwargs)`` once and return traced allocations per line of ``func``."""
    code = _code_of(func)
    if code.co_flags & (_CO_GENERATOR | _CO_COROUTINE | _CO_ASYNC_GENERATOR):
        raise TypeError(
            "memory_profile() cannot follow a generator or coroutine function; profile the "
            "function that consumes it instead"
        )
    body = [line for _, _, line in code.co_lines() if line is not None]
    lines = range(code.co_firstlineno, max(body, default=code.co_firstlineno) + 1)
    recorder = _LineRecorder(code, lines)
    with _tracing.tracing(), Tool("memory_profile") as tool:
        events = tool.events
        tool.on(events.PY_START, recorder.on_start)
        tool.on(events.LINE, recorder.on_line)
        tool.on(events.PY_RETURN, recorder.on_return)
        tool.on(events.PY_UNWIND, recorder.on_unwind)
        tool.watch_code(code, events.PY_START | events.LINE | events.PY_RETURN)
        tool.watch_all(events.PY_UNWIND)
        _tracing.reset_peak()
        recorder.begin()
        result = func(*args, **kwargs)
        end, peak = _traced()
    source = [linecache.getline(code.co_filename, n).rstrip("\n") for n in lines]
    return Profile(
        name=getattr(code, "co_qualname", code.co_name),
        recorder=recorder,
        source=source,
        lines=lines,
        net=recorder.net(end),
        peak=max(0, peak - recorder.marks[0]),
        result=result,
    )


class Profile(Rich):
    """Per-line traced allocations of one call; ``result`` is what the call returned."""

    def __init__(self, name, recorder, source, lines, net, peak, result) -> None:
        self.name = name
        self.result = result
        self.net = net
        self.peak = peak
        self.rows = [recorder.row(n, text) for n, text in zip(lines, source)]
        self.platform = platform()

    def __getitem__(self, line: int) -> dict:
        """The row of one source line number."""
        return next(row for row in self.rows if row["line"] == line)

    def table(self) -> dict:
        caption = Say(
            f"memory_profile({self.name}): {self.net:+,} bytes net, "
            f"peak {self.peak:,} bytes above the start",
            f"memory_profile({self.name})：净增 {self.net:+,} 字节，峰值比起点高 {self.peak:,} 字节",
        )
        columns = [
            column("line", Say("line", "行号"), "int"),
            column("code", Say("code", "代码"), "code"),
            column("hits", Say("hits", "执行次数"), "int"),
            column("increment", Say("increment", "增量"), "signed-bytes"),
            column("total", Say("total", "累计"), "bytes"),
        ]
        notes = [
            Say(
                "Traced Python allocations (tracemalloc), not the process's resident memory (RSS): "
                "increment is the change in traced bytes while the line ran, calls made by the line "
                "included; total is the traced size above the start after the line's last run.",
                "跟踪的是 Python 分配（tracemalloc），不是进程的常驻内存（RSS）：增量是这一行运行期间跟踪字节数的变化，"
                "包括这一行发起的调用；累计是这一行最后一次运行后，跟踪字节数相对起点的大小。",
            ),
            measured_on(self.platform),
        ]
        if is_wasm():
            notes.append(
                Say(
                    "In this engine the process memory (WebAssembly linear memory) never shrinks: "
                    "freed bytes show only in the traced figures.",
                    "在这个引擎里，进程内存（WebAssembly 线性内存）从不缩小：释放的字节只体现在跟踪到的数字里。",
                )
            )
        summary = {"line": None, "code": Say("whole call", "整个调用"), "hits": None, "increment": self.net, "total": self.net}
        return table(caption, columns, self.rows, notes, summary)

    def __repr__(self) -> str:
        data = self.table()
        columns = [*data["columns"][:1], *data["columns"][2:], data["columns"][1]]
        return text_block(data["caption"], text_table(columns, data["rows"], data["total"]), [])

    def _rich(self) -> dict:
        return {MIME["table"]: self.table()}
