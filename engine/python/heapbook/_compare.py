"""compare(): time, net and peak traced memory of a few candidates, run in turn and repeated.

For each repeat and each candidate: gc.collect(), reset the traced peak, read the current size,
time the call, read the current size again while the result is still referenced (net: what the
result keeps alive), read the peak, drop the result. Figures are medians over the repeats.
"""

import gc
import time
import tracemalloc

from . import _tracing
from ._platform import platform
from ._tables import MIME, Rich, Say, column, table, text_block, text_table


class Candidate:
    """One candidate's figures: median ``time_ms`` (with min and max), ``net`` and ``peak`` bytes."""

    def __init__(self, name: str, times: list, nets: list, peaks: list) -> None:
        self.name = name
        self.time_ms = _median(times)
        self.time_min_ms = min(times)
        self.time_max_ms = max(times)
        self.net = _median(nets)
        self.peak = _median(peaks)
        self.runs = len(times)

    def __repr__(self) -> str:
        return (
            f"Candidate({self.name!r}, time_ms={self.time_ms:.3f}, net={self.net:,}, "
            f"peak={self.peak:,})"
        )


def _median(values: list):
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    low, high = ordered[mid - 1], ordered[mid]
    both = low + high
    return both // 2 if isinstance(both, int) else both / 2


class _Source:
    """A candidate given as source: run in a fresh copy of the cell namespace.

    When the source ends with an expression, its value is the result; otherwise the copied
    namespace is, so ``net`` counts what the statements' variables keep alive.
    """

    def __init__(self, name: str, source: str) -> None:
        import ast
        import linecache

        filename = f"<compare {name}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        tree = ast.parse(source, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        self.body = compile(tree, filename, "exec", dont_inherit=True)
        self.expr = compile(last, filename, "eval", dont_inherit=True) if last else None

    def prepare(self):
        """A zero-argument call over a fresh namespace, made before measuring starts."""
        from ._runner import namespace

        env = dict(namespace)

        def run():
            exec(self.body, env)
            return eval(self.expr, env) if self.expr is not None else env

        return run


def compare(repeat: int = 3, **candidates) -> "Comparison":
    """Run each candidate (a zero-argument callable or source text) ``repeat`` times in turn."""
    if not candidates:
        raise TypeError("compare() needs at least one candidate, e.g. compare(a=lambda: ..., b='...')")
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    prepared = {}
    for name, candidate in candidates.items():
        if isinstance(candidate, str):
            prepared[name] = _Source(name, candidate).prepare
        elif callable(candidate):
            prepared[name] = (lambda c: lambda: c)(candidate)
        else:
            raise TypeError(f"candidate {name!r} must be a zero-argument callable or source text")
    times: dict = {name: [] for name in prepared}
    nets: dict = {name: [] for name in prepared}
    peaks: dict = {name: [] for name in prepared}
    with _tracing.tracing():
        for _ in range(repeat):
            for name, prepare in prepared.items():
                call = prepare()
                gc.collect()
                _tracing.reset_peak()
                start = tracemalloc.get_traced_memory()[0]
                t0 = time.perf_counter()
                result = call()
                elapsed = time.perf_counter() - t0
                after, peak = tracemalloc.get_traced_memory()
                result = call = None  # noqa: F841 - drops the result, kept alive until the memory after the call was read
                times[name].append(elapsed * 1000)
                nets[name].append(after - start)
                peaks[name].append(max(0, peak - start))
    return Comparison(
        [Candidate(name, times[name], nets[name], peaks[name]) for name in prepared], repeat
    )


NET = Say("net", "净增")
PEAK = Say("peak", "峰值")
CANDIDATE = Say("candidate", "候选")


class Comparison(Rich):
    """compare()'s figures: ``rows`` of Candidate, and ``comparison['name']`` for one of them."""

    def __init__(self, rows: list, repeat: int) -> None:
        self.rows = rows
        self.repeat = repeat
        self.platform = platform()

    def __getitem__(self, name: str) -> Candidate:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def caption(self) -> str:
        names = ", ".join(row.name for row in self.rows)
        runs = "1 run" if self.repeat == 1 else f"median of {self.repeat} runs"
        runs_zh = "各运行 1 次" if self.repeat == 1 else f"各运行 {self.repeat} 次取中位数"
        return Say(f"compare({names}): {runs} each", f"compare({names})：{runs_zh}")

    def notes(self) -> list:
        return [
            Say(
                "Traced Python allocations (tracemalloc). net: bytes still held when the call returned, "
                "while its result was referenced; peak: the highest traced bytes above the start "
                "during the call. Each run starts after gc.collect().",
                "跟踪的是 Python 分配（tracemalloc）。净增：调用返回时、其结果仍被引用期间还占着的字节数；"
                "峰值：调用期间跟踪字节数相对起点的最高值。每次运行前都先执行 gc.collect()。",
            ),
            Say(
                f"Candidates ran in turn, {self.repeat} time(s) each; time is the median wall time of "
                f"the call. Measured on {self.platform}.",
                f"各候选轮流运行，每个 {self.repeat} 次；时间是调用的挂钟时间中位数。测量平台：{self.platform}。",
            ),
        ]

    def table(self) -> dict:
        columns = [
            column("candidate", CANDIDATE, "text"),
            column("timeMs", Say("time ms", "时间（毫秒）"), "ms"),
            column("net", NET, "bytes"),
            column("peak", PEAK, "bytes"),
        ]
        rows = [
            {"candidate": r.name, "timeMs": r.time_ms, "net": r.net, "peak": r.peak} for r in self.rows
        ]
        return table(self.caption(), columns, rows, self.notes())

    def chart(self) -> dict:
        rows = []
        for metric in ("net", "peak"):
            said = NET if metric == "net" else PEAK
            rows += [{"candidate": r.name, "metric": said, "bytes": getattr(r, metric)} for r in self.rows]
        return {
            "mark": "bar",
            "caption": self.caption(),
            "x": column("bytes", Say("traced bytes", "跟踪字节数"), "bytes"),
            "y": column("candidate", CANDIDATE, "text"),
            "facet": column("metric", Say("measure", "度量"), "text"),
            "rows": rows,
            # The table that follows in the same bundle carries the notes and the times.
            "notes": [],
        }

    def __repr__(self) -> str:
        columns = [
            column("candidate", "candidate", "text"),
            column("time", "time ms (min–max)", "text"),
            column("net", "net", "bytes"),
            column("peak", "peak", "bytes"),
        ]
        rows = [
            {
                "candidate": r.name,
                "time": f"{r.time_ms:.3f} ({r.time_min_ms:.3f}–{r.time_max_ms:.3f})",
                "net": r.net,
                "peak": r.peak,
            }
            for r in self.rows
        ]
        return text_block(self.caption(), text_table(columns, rows), [])

    def _rich(self) -> dict:
        return {MIME["chart"]: self.chart(), MIME["table"]: self.table()}
