"""timeline(): traced memory sampled while one call runs.

Samples are taken from a sys.monitoring LINE callback enabled for all code during the call, at most
one per interval, plus one at the start and one at the end. Each sample records the time, the
traced size above the start and the peak since the previous sample (the peak is reset at every
sample, through _tracing so the cell's own peak stays true). Samples go into a preallocated array
made before the start, so the sampler's own storage is never part of what it measures; when the
array fills up, neighbouring samples are merged (keeping maxima) and the interval doubles.

In the browser engine each sample also reads the size of the WebAssembly linear memory that the
metrics line measures: the ``WebAssembly.Memory`` of the Emscripten module (``_module.memory``),
whose ``buffer`` is always current (the metrics line reads the ``HEAPU8`` view of the same memory,
which can still point at a buffer detached by a growth in the middle of a call).
It is read after the traced figures and before the peak is reset, so the small proxy objects the
read makes are never part of a traced figure. That memory only grows: CPython's allocator gives
freed blocks back to its own free lists, and WebAssembly memory cannot shrink. A native
interpreter has no such memory, so there the series is left out.
"""

import sys
import time
import tracemalloc
from array import array
from collections import namedtuple


from . import _tracing
from ._monitoring import Tool
from ._platform import platform
from ._tables import MIME, Rich, Say, column, text_block, text_table

CAPACITY = 4096  # samples kept during the call (4 doubles each)
MAX_POINTS = 300  # points per series in the chart
_FIELDS = 4  # ms, current, peak, wasm
_traced = tracemalloc.get_traced_memory


Sample = namedtuple("Sample", "ms current peak wasm", defaults=(None,))
Sample.__doc__ = (
    "ms since the start, traced bytes above the start, the peak since the last sample, and the "
    "WebAssembly memory above its size at the start (None on a native interpreter)."
)


def _wasm_memory_reader():
    """A zero-argument function giving the engine's WebAssembly memory size in bytes, or None
    where there is none (native CPython) or it cannot be read."""
    if sys.platform != "emscripten":
        return None
    try:
        import pyodide_js

        memory = pyodide_js._module.memory  # the WebAssembly.Memory that HEAPU8 views
        memory.buffer.byteLength  # noqa: B018 - fails here rather than in the sampler
    except Exception:
        return None

    def read() -> int:
        # Memory.buffer is always the current buffer; HEAPU8 can still view the one detached by
        # a growth in the middle of a call (its length then reads 0).
        return memory.buffer.byteLength

    return read


class _Sampler:
    __slots__ = ("buffer", "count", "interval", "last", "t0", "start", "wasm", "wasm_start")

    def __init__(self, interval_ms: float) -> None:
        self.buffer = array("d", bytes(8 * _FIELDS * CAPACITY))
        self.count = 0
        self.interval = interval_ms / 1000
        self.last = self.t0 = 0.0
        self.start = 0
        self.wasm = _wasm_memory_reader()
        self.wasm_start = 0

    def begin(self) -> None:
        _tracing.reset_peak()
        if self.wasm is not None:
            self.wasm_start = self.wasm()
        self.start = _traced()[0]
        self.t0 = self.last = time.perf_counter()
        self.record(self.t0)

    def on_line(self, code, line) -> None:
        now = time.perf_counter()
        if now - self.last >= self.interval:
            self.record(now)

    def record(self, now: float) -> None:
        current, peak = _traced()
        wasm = self.wasm() - self.wasm_start if self.wasm is not None else -1
        _tracing.reset_peak()
        i = self.count * _FIELDS
        buffer = self.buffer
        buffer[i] = (now - self.t0) * 1000
        buffer[i + 1] = current - self.start
        buffer[i + 2] = max(peak, current) - self.start
        buffer[i + 3] = wasm
        self.count += 1
        self.last = now
        if self.count == CAPACITY - 1:  # keep one slot for the final sample
            self._merge()

    def _merge(self) -> None:
        """Halve the samples after the first: each pair becomes its maxima, at the time of the higher."""
        buffer, kept = self.buffer, 1
        for i in range(1, self.count, 2):
            a, b = i * _FIELDS, min(i + 1, self.count - 1) * _FIELDS
            higher = a if buffer[a + 1] >= buffer[b + 1] else b
            k = kept * _FIELDS
            buffer[k], buffer[k + 1], buffer[k + 2], buffer[k + 3] = (
                buffer[higher],
                max(buffer[a + 1], buffer[b + 1]),
                max(buffer[a + 2], buffer[b + 2]),
                max(buffer[a + 3], buffer[b + 3]),
            )
            kept += 1
        self.count = kept
        self.interval *= 2

    def samples(self) -> list:
        b = self.buffer
        return [
            Sample(b[i], int(b[i + 1]), int(b[i + 2]), int(b[i + 3]) if b[i + 3] >= 0 else None)
            for i in range(0, self.count * _FIELDS, _FIELDS)
        ]


def timeline(func, *args, interval_ms: float = 0.5, **kwargs) -> "Timeline":
    """Call ``func(*args, **kwargs)`` and sample traced memory every ``interval_ms`` while it runs."""
    if interval_ms <= 0:
        raise ValueError("interval_ms must be positive")
    sampler = _Sampler(interval_ms)
    with _tracing.tracing(), Tool("timeline") as tool:
        tool.on(tool.events.LINE, sampler.on_line)
        sampler.begin()
        tool.watch_all(tool.events.LINE)
        result = func(*args, **kwargs)
        sampler.record(time.perf_counter())
    name = getattr(func, "__qualname__", None) or type(func).__name__
    return Timeline(name, sampler.samples(), interval_ms, result)


def downsample(samples: list, limit: int = MAX_POINTS) -> list:
    """At most ``limit`` samples: the first and last as they are, buckets in between by their maxima."""
    if len(samples) <= limit:
        return list(samples)
    middle = samples[1:-1]
    buckets = limit - 2
    points = [samples[0]]
    for b in range(buckets):
        part = middle[b * len(middle) // buckets : (b + 1) * len(middle) // buckets]
        if part:
            top = max(part, key=lambda s: s.current)
            wasm = top.wasm if top.wasm is None else max(s.wasm for s in part)
            points.append(Sample(top.ms, top.current, max(s.peak for s in part), wasm))
    points.append(samples[-1])
    return points


CURRENT = Say("current", "当前")
PEAK_SINCE = Say("peak since previous sample", "距上次采样的峰值")
WASM = Say("WebAssembly memory", "WebAssembly 内存")


class Timeline(Rich):
    """Traced memory over one call: ``samples``, ``peak`` (bytes above the start) and ``result``."""

    def __init__(self, name: str, samples: list, interval_ms: float, result) -> None:
        self.name = name
        self.samples = samples
        self.interval_ms = interval_ms
        self.result = result
        self.peak = max((s.peak for s in samples), default=0)
        self.duration_ms = samples[-1].ms if samples else 0.0
        self.has_wasm = bool(samples) and samples[0].wasm is not None
        #: How much the WebAssembly memory grew during the call (None on a native interpreter).
        self.wasm_growth = max((s.wasm for s in samples), default=0) if self.has_wasm else None
        self.platform = platform()

    def caption(self) -> str:
        return Say(
            f"timeline({self.name}): {self.duration_ms:,.1f} ms, {len(self.samples)} samples, "
            f"peak {self.peak:,} bytes above the start",
            f"timeline({self.name})：{self.duration_ms:,.1f} ms，{len(self.samples)} 个采样，"
            f"峰值比起点高 {self.peak:,} 字节",
        )

    def notes(self) -> list:
        return [
            Say(
                "Traced Python allocations (tracemalloc) above the level at the start of the call, "
                f"sampled at most every {self.interval_ms:g} ms when a Python line starts, and at the "
                "start and end; 'peak since previous sample' catches what rose and fell in between.",
                "跟踪的是 Python 分配（tracemalloc）相对调用开始时水位的增量：每当一行 Python 开始执行时采样，"
                f"间隔至少 {self.interval_ms:g} ms，开始和结束时也各采一次；“距上次采样的峰值”能抓住两次采样之间涨了又落的部分。",
            ),
            Say(
                "Allocations made inside one C call (e.g. [0] * 10**7) show as a step at the next sample. "
                "Line events make CPython allocate a small line table for each function that runs while "
                "they are on; those bytes are traced too and stay after the call.",
                "在一次 C 调用内部完成的分配（例如 [0] * 10**7）会在下一次采样时表现为一个台阶。"
                "开启行事件后，CPython 会为期间运行的每个函数分配一张小小的行号表；这些字节同样被跟踪，并在调用结束后留下。",
            ),
            Say(
                f"Measured on {self.platform}; the chart shows at most {MAX_POINTS} points per series "
                "(the highest of each run of samples).",
                f"测量平台：{self.platform}；图中每个序列最多画 {MAX_POINTS} 个点（每段连续采样取最高值）。",
            ),
            Say(
                "WebAssembly memory: the engine's linear memory above its size at the start, read "
                "at every sample. It only grows: freed Python objects return their bytes to "
                "CPython's allocator, and WebAssembly memory cannot shrink.",
                "WebAssembly 内存：引擎的线性内存相对开始时大小的增量，每次采样都读取一次。它只增不减："
                "被释放的 Python 对象把字节还给 CPython 的分配器，而 WebAssembly 内存无法缩小。",
            )
            if self.has_wasm
            else Say(
                "No WebAssembly memory series: this interpreter runs natively, where memory is the "
                "process's own and there is no linear memory to read.",
                "没有 WebAssembly 内存序列：这个解释器以原生方式运行，内存属于进程本身，没有线性内存可读。",
            ),
        ]

    def chart(self) -> dict:
        rows = []
        for s in downsample(self.samples):
            rows.append({"ms": s.ms, "bytes": s.current, "series": CURRENT})
            rows.append({"ms": s.ms, "bytes": s.peak, "series": PEAK_SINCE})
            if s.wasm is not None:
                rows.append({"ms": s.ms, "bytes": s.wasm, "series": WASM})
        return {
            "mark": "line",
            "caption": self.caption(),
            "x": column("ms", Say("time", "时间"), "ms"),
            "y": column("bytes", Say("bytes above the start", "高出起点的字节数"), "bytes"),
            "series": column("series", Say("series", "序列"), "text"),
            "rows": rows,
            "notes": self.notes(),
        }

    def __repr__(self) -> str:
        columns = [
            column("ms", "ms", "ms"),
            column("current", "current", "bytes"),
            column("peak", "peak since previous", "bytes"),
        ]
        if self.has_wasm:
            columns.append(column("wasm", "WebAssembly memory", "bytes"))
        rows = [s._asdict() for s in downsample(self.samples, 12)]
        return text_block(self.caption(), text_table(columns, rows), [])

    def _rich(self) -> dict:
        return {MIME["chart"]: self.chart()}
