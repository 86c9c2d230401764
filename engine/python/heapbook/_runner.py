"""Run one notebook cell with memory instrumentation and return a JSON result.

Why it looks like this:
- Cells of a page share one namespace and run strictly one at a time, so a single module-level
  namespace dict and a single meter are enough; there is no concurrency to guard against.
- Measurements are taken as close to the reader's code as possible (tracemalloc and the clock
  are read right around ``exec``) so that the runner's own bookkeeping does not count.
- The result crosses into JavaScript as one JSON string: no Python object is ever proxied out.
- This module runs on native CPython too, which is how its tests can run without a browser.
"""

import ast
import gc
import json
import linecache
import signal
import sys
import time
import traceback
import tracemalloc
import types

# The runner's functions look names up in a copy of the builtins taken now: a cell that deletes or
# replaces a builtin (del builtins.len) changes its own world, not the runner's.
__builtins__ = dict(__builtins__ if isinstance(__builtins__, dict) else vars(__builtins__))

from heapbook import _cell_memory, _recursion, _stdin, _tracing
from heapbook._left_behind import LeftBehind
from heapbook._tables import MIME as _MIME

__all__ = ["run_cell", "reset_namespace", "namespace"]

MAX_REPR_CHARS = 20_000
MAX_TRACEBACK_LINES = 1_000
# Frames of a traceback described, first and last halves: a recursion 10,000 frames deep would
# otherwise take seconds to describe (each frame's source line is looked up and parsed).
MAX_TRACEBACK_FRAMES = 200
# The rich types a value may carry besides text/plain (HEAPBOOK_MIME in engine/protocol.ts).
RICH_MIME_TYPES = tuple(_MIME.values())
MAX_RICH_BYTES = 2 * 1024 * 1024
_CO_COROUTINE = 0x80

namespace: dict = {}
_real_builtins = sys.modules["builtins"]
# Memory set aside for reporting a MemoryError: freed when one is caught, so the report can be made.
_reserve: bytearray | None = None


def reset_namespace() -> None:
    """Give cells a fresh ``__main__``-like namespace."""
    namespace.clear()
    namespace.update({"__name__": "__main__", "__builtins__": _real_builtins})


reset_namespace()


class _GcWatch:
    """Counts collector passes through ``gc.callbacks`` while a cell runs."""

    def __init__(self) -> None:
        self.passes = 0
        self.collected = 0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "stop":
            self.passes += 1
            self.collected += info.get("collected", 0)


_gc_watch = _GcWatch()
# The list the collector really calls: CPython keeps it in the interpreter's state, so a cell that
# rebinds ``gc.callbacks = []`` changes the module attribute, not what gets called.
_GC_CALLBACKS = gc.callbacks


def _filename(cell_id: str) -> str:
    return f"<cell {cell_id}>"


def _register_source(filename: str, code: str) -> None:
    # linecache lets tracebacks quote the reader's lines; mtime None keeps checkcache from evicting them.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)


def _compile(code: str, filename: str) -> tuple[types.CodeType, types.CodeType | None]:
    """Compile the cell; split off a final expression statement so its value can be shown."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = ast.parse(code, filename, "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    body = compile(tree, filename, "exec", flags=flags, dont_inherit=True)
    expr = compile(last, filename, "eval", flags=flags, dont_inherit=True) if last else None
    return body, expr


def _trim_traceback(tb: types.TracebackType | None) -> types.TracebackType | None:
    """Drop the runner's own frames: the reader's traceback starts at the first cell frame."""
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell "):
        tb = tb.tb_next
    return tb


def _clip(text: str, limit: int = MAX_REPR_CHARS) -> str:
    """At most ``limit`` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"… ({len(text) - limit} more characters)"


def _cut_engine_tail(tb: types.TracebackType | None) -> None:
    """End the traceback at the reader's last frame: the frames after it are the engine's stdin."""
    last_cell = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith("<cell "):
            last_cell = tb
        tb = tb.tb_next
    if last_cell is not None:
        last_cell.tb_next = None


def _format_traceback(exc: BaseException) -> str:
    """The traceback as text, trimmed to the reader's frames; past MAX_TRACEBACK_FRAMES frames,
    the first and last halves with a line that counts the frames between them."""
    tb = _trim_traceback(exc.__traceback__)
    if isinstance(exc, _stdin.NoStandardInput):
        _cut_engine_tail(tb)
    depth, walk = 0, tb
    while walk is not None:
        depth, walk = depth + 1, walk.tb_next
    if depth <= MAX_TRACEBACK_FRAMES:
        return "".join(traceback.TracebackException(type(exc), exc, tb, compact=True).format())
    half = MAX_TRACEBACK_FRAMES // 2
    # limit= picks the frames before their lines are looked up, so the cost stays bounded.
    tail = traceback.TracebackException(type(exc), exc, tb, limit=-half, compact=True)
    head = traceback.TracebackException(type(exc), exc, tb, limit=half, compact=True)
    header = "Traceback (most recent call last):\n"
    last = "".join(tail.stack.format()) + "".join(tail.format_exception_only())
    text = "".join(tail.format())
    if not text.endswith(header + last):  # not the layout expected: the last frames alone
        return text
    between = f"  [… {depth - 2 * half:,} more frames not shown …]\n"
    return text[: -len(header + last)] + header + "".join(head.stack.format()) + between + last


def _helpers_damaged() -> bool:
    """True when a cell emptied or broke the ``heapbook`` package (``heapbook.__dict__.clear()``):
    its helpers can no longer be imported, with errors that name an "<unknown module name>"."""
    module = sys.modules.get("heapbook")
    if module is None:  # removed from sys.modules: the next import loads it afresh
        return False
    names = getattr(module, "__dict__", None)
    return not isinstance(names, dict) or names.get("__name__") != "heapbook" or "__getattr__" not in names


def _hint(exc: BaseException) -> str | None:
    """Which explanation the page adds under the error (CellError.hint), in the page's language."""
    if isinstance(exc, _stdin.NoStandardInput):
        return "no-stdin"
    if isinstance(exc, (ImportError, AttributeError)) and _helpers_damaged():
        return "helpers-damaged"
    return None


def _describe_error(exc: BaseException) -> dict:
    """The error as the page shows it: clipped like a value, so ``raise ValueError('x' * 10**8)``
    cannot put 100 MB into one element; a long traceback keeps its first and last lines."""
    _recursion.explain(exc)
    lines = _format_traceback(exc).rstrip("\n").split("\n")
    if len(lines) > MAX_TRACEBACK_LINES:
        half = MAX_TRACEBACK_LINES // 2
        lines = lines[:half] + [f"… ({len(lines) - 2 * half} more traceback lines)"] + lines[-half:]
    error = {
        "type": type(exc).__name__,
        "message": _clip(str(exc) if not isinstance(exc, SyntaxError) else str(exc.msg)),
        "traceback": [_clip(line) for line in lines],
    }
    hint = _hint(exc)
    if hint:
        error["hint"] = hint
    return error


def _mime_bundle(value: object, max_chars: int = MAX_REPR_CHARS) -> dict | None:
    """The value as a MIME bundle: text/plain always, plus the book's own types when offered.

    The limit is bound here, not read from the module: a cell can reach this module and change it.
    """
    if value is None:
        return None
    offered = _offered_bundle(value)
    text = offered.get("text/plain")
    if not isinstance(text, str):
        try:
            text = repr(value)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a broken __repr__ must not lose the cell's result
            text = f"<repr failed: {type(exc).__name__}: {exc}>"
    bundle = {"text/plain": _clip(text, max_chars)}
    # The offered order is kept: the page draws the types in it (a chart, then its table).
    for mime, offered_data in offered.items():
        if mime in RICH_MIME_TYPES:
            data = _plain_json(offered_data)
            if data is not None:
                bundle[mime] = data
    return bundle


def _offered_bundle(value: object) -> dict:
    """What ``value._repr_mimebundle_()`` offers, or {} when it has none, raises or returns junk."""
    if isinstance(value, type):  # a class has the method unbound; only instances offer a bundle
        return {}
    try:
        method = getattr(value, "_repr_mimebundle_", None)
        if not callable(method):
            return {}
        offered = method(include=None, exclude=None)
        if isinstance(offered, tuple) and offered:  # IPython allows (data, metadata)
            offered = offered[0]
        return dict(offered) if isinstance(offered, dict) else {}
    except KeyboardInterrupt:
        raise
    except BaseException:  # the reader's object must not lose the cell's result
        return {}


def _plain_json(data: object) -> object | None:
    """``data`` as plain JSON values, or None when it cannot be serialised or exceeds the limit."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None
    if len(text.encode("utf-8", "surrogatepass")) > MAX_RICH_BYTES:
        return None
    return json.loads(text)


class _Meter:
    """Reads tracemalloc, the collector and the clock around the reader's code."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def start(self) -> None:
        if not tracemalloc.is_tracing():
            tracemalloc.start()
            self.notes.append("tracemalloc was off and has been restarted; earlier objects are untraced")
        gc.callbacks = _GC_CALLBACKS
        if _gc_watch not in _GC_CALLBACKS:
            _GC_CALLBACKS.append(_gc_watch)
        _gc_watch.passes = _gc_watch.collected = 0
        _tracing.begin_cell()
        # Traced while tracing lasts: if the cell stops and restarts tracemalloc, its trace is gone.
        self.sentinel = object()
        self.before = tracemalloc.get_traced_memory()[0]
        self.t0 = time.perf_counter()

    def stop(self) -> dict:
        wall = (time.perf_counter() - self.t0) * 1000
        tracing = tracemalloc.is_tracing()
        restarted = tracing and tracemalloc.get_object_traceback(self.sentinel) is None
        if restarted:
            self.notes.append("the cell restarted tracemalloc, so traced bytes were not measured")
        elif not tracing:
            self.notes.append("the cell stopped tracemalloc, so traced bytes were not measured")
        tracing = tracing and not restarted
        current = tracemalloc.get_traced_memory()[0] if tracing else 0
        # Helpers that reset tracemalloc's peak (compare, timeline) leave the highest one in _tracing.
        peak = _tracing.highest_peak() if tracing else 0
        watching = _gc_watch in _GC_CALLBACKS
        if not watching:
            self.notes.append("the cell removed the collector callback, so GC passes were not counted")
        return {
            "wallMs": wall,
            "tracedNetBytes": current - self.before if tracing else None,
            "tracedPeakBytes": max(0, peak - self.before) if tracing else None,
            "gcPasses": _gc_watch.passes if watching else None,
            "gcCollected": _gc_watch.collected if watching else None,
            "wasmMemoryBytes": None,
            "notes": self.notes,
        }


def _flush_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _result(status: str, value=None, error=None, metrics=None, extra=None) -> str:
    _flush_streams()
    record = {"status": status, "value": value, "error": error, "metrics": metrics}
    if extra:
        record.update(extra)
    return json.dumps(
        record,
        ensure_ascii=False,
        # Lone surrogates in a repr must not break the JSON that carries them.
    ).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _check(check: str | None) -> dict | None:
    """Evaluate the writer's check; return an error record when it does not hold."""
    if not check:
        return None
    try:
        ok = eval(compile(check, "<check>", "eval", dont_inherit=True), namespace)
    except BaseException as exc:
        return {
            "type": "CheckError",
            "message": f"the check `{check}` raised {type(exc).__name__}: {exc}",
            "traceback": [],
        }
    if ok:
        return None
    return {"type": "CheckFailed", "message": f"the check `{check}` is false", "traceback": []}


class _Readings:
    """What the runner reads around a cell besides its metrics, when the request asks: the bytes
    each of its lines still holds at its end (the page's gutter, ``lines``), and what it left
    alive by type and by line (``left_behind``, the writer's ``#| left-behind: true``)."""

    def __init__(self, filename: str, left_behind: bool, lines: bool) -> None:
        self.filename = filename
        self.want_lines = lines
        # Read before the meter starts and closed after it stops: its collections and its reading
        # of every object count in neither the cell's metrics nor its lines.
        self.left = LeftBehind(filename) if left_behind else None
        self.extra: dict = {}
        if self.left is not None:
            self.left.__enter__()

    def lines(self, metrics: dict | None) -> None:
        """Read once the cell's value is let go and before the left-behind reading collects."""
        if self.want_lines and metrics and metrics.get("tracedNetBytes") is not None:
            self.want_lines = False
            held = _cell_memory.held_by_line(self.filename)
            if held is not None:
                self.extra["lines"] = held

    def close(self, box: list, metrics: dict | None, meter: "_Meter | None") -> None:
        """Lets the cell's value (in ``box``) go, then reads the lines and what was left behind
        (without the runner's own objects made during the cell: the meter, the metrics, the box)."""
        box.clear()
        self.lines(metrics)
        if self.left is None:
            return
        left, self.left = self.left, None
        left.ignore = (box, metrics, meter, self.extra)
        try:
            left.__exit__(None, None, None)
            bundle = _mime_bundle(left)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # the cell's own result must not be lost to the reading
            self.extra["leftBehindError"] = _clip(f"{type(exc).__name__}: {exc}", 500)
            return
        if bundle is not None:
            self.extra["leftBehind"] = bundle


def _finish(meter: _Meter, box: list, check: str | None, readings: _Readings) -> str:
    metrics = meter.stop()
    try:
        bundle = _mime_bundle(box[0])
    except KeyboardInterrupt as exc:  # Stop pressed while a slow repr ran
        _hold_stop()
        return _result("interrupted", None, _describe_error(exc), metrics)
    readings.close(box, metrics, meter)
    failed = _check(check)
    if failed:
        return _result("check-failed", bundle, failed, metrics, readings.extra)
    return _result("ok", bundle, None, metrics, readings.extra)


def _hold_stop() -> None:
    """Ignore further interrupts until the next cell starts (``run_cell`` restores them).

    Stop has already raised its KeyboardInterrupt, but the host re-sends the interrupt every 50 ms
    until the result is back (Pyodide can lose one). A second one landing while a long traceback is
    described would cut the description short; with SIGINT ignored, Pyodide still takes the re-sent
    signal from the buffer and drops it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _fail(meter: _Meter | None, exc: BaseException, readings: _Readings | None = None) -> str:
    global _reserve
    if isinstance(exc, KeyboardInterrupt):
        _hold_stop()
    if isinstance(exc, MemoryError):
        _reserve = None  # room to build the report in
    metrics = meter.stop() if meter else None
    status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "error"
    try:
        error = _describe_error(exc)
    except KeyboardInterrupt:  # Stop pressed while a slow __str__ of the exception ran
        error = {
            "type": type(exc).__name__,
            "message": "not shown: the engine was stopped while it described this error, so the description was cut short",
            "traceback": [],
            "hint": "stopped-while-describing",
        }
        status = "interrupted"
    if readings is not None:
        try:
            readings.close([], metrics, meter)
        except KeyboardInterrupt:  # Stop pressed again while the readings ran: the result stands without them
            readings.extra = {}
    return _result(status, None, error, metrics, readings.extra if readings is not None else None)


async def _run_async(meter: _Meter, body, expr, check, readings: _Readings):
    try:
        coro = eval(body, namespace)
        if coro is not None:
            await coro
        value = None
        if expr is not None:
            value = eval(expr, namespace)
            if expr.co_flags & _CO_COROUTINE:
                value = await value
    except BaseException as exc:
        return _fail(meter, exc, readings)
    box = [value]
    value = None
    return _finish(meter, box, check, readings)


def run_cell(cell_id: str, code: str, check: str | None = None, left_behind: bool = False, lines: bool = False):
    """Run ``code`` in the shared namespace; ``lines`` also reads what each line still holds at
    its end, ``left_behind`` what it left alive.

    Returns the JSON result, or an awaitable that resolves to it when the cell uses top-level await.
    """
    global _reserve
    # Stop raises KeyboardInterrupt again (after _hold_stop, or a cell that set its own handler).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # The engine's streams: a cell that replaced sys.stdout silences only itself.
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    if _reserve is None:
        try:
            _reserve = bytearray(256 * 1024)
        except MemoryError:
            pass
    filename = _filename(cell_id)
    _register_source(filename, code)
    try:
        body, expr = _compile(code, filename)
    except BaseException as exc:
        return _fail(None, exc)
    readings = _Readings(filename, left_behind, lines)
    meter = _Meter()
    meter.start()
    if (body.co_flags | (expr.co_flags if expr else 0)) & _CO_COROUTINE:
        return _run_async(meter, body, expr, check, readings)
    try:
        exec(body, namespace)
        # In a list the runner can empty: the value must not outlive the left-behind reading.
        box = [eval(expr, namespace) if expr is not None else None]
    except BaseException as exc:
        return _fail(meter, exc, readings)
    return _finish(meter, box, check, readings)
