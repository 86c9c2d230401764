"""Heapbook's in-engine helpers: measure memory from a cell (``from heapbook import ...``).

- ``pointer_size()``: bytes in a C pointer here (4 on wasm32, 8 on 64-bit CPython).
- ``platform()``: the interpreter that measures, e.g. "CPython 3.14.2, wasm32 (Pyodide 314.0.7)".
- ``sizeof(obj)`` / ``deep_sizeof(obj)``: sys.getsizeof of obj / of everything it holds, by type.
- ``encoding(text)``: a string's PEP 393 storage, measured size and UTF-8/16/32 byte counts.
- ``growth()`` / ``most_common_types()``: objects tracked by the collector, counted by type.
- ``refs(obj)`` / ``backrefs(obj)``: the reference graph from or to obj.
- ``memory_profile(func, ...)``: traced allocations per source line of one call (3.12+).
- ``compare(**candidates)``: time, net and peak traced memory of a few candidates.
- ``timeline(func, ...)``: traced memory sampled while one call runs (3.12+), beside the engine's
  WebAssembly memory.
- ``pymalloc_model()``: a model of CPython 3.14's small-object allocator (pools, arenas), drawn.
- ``malloc_stats()``: ``sys._debugmallocstats()`` parsed, snapshot by snapshot (native CPython).
- ``compare_allocators()``: the same workload under each ``PYTHONMALLOC`` (native CPython).
- ``why_alive(obj)``: the shortest chains of references from a root (the page namespace, a module,
  a class, a live frame) to obj, or the statement that nothing but the cell's own reference holds it.
- ``left_behind()``: ``with left_behind() as diff:``, the objects made inside the block and still
  alive after it, by type and by cell line.
- ``broadcast(a, b, ...)``: NumPy's broadcasting of arrays or shapes, stretched axes and strides.

Each helper returns a small object that prints as plain text and shows as a table, chart or graph
in the page. The cell runner itself lives in :mod:`heapbook._runner` and is not part of this API.
Submodules load on first use, so ``import heapbook`` stays cheap.
"""

import sys as _sys

__all__ = [
    "pointer_size",
    "platform",
    "sizeof",
    "deep_sizeof",
    "encoding",
    "growth",
    "most_common_types",
    "refs",
    "backrefs",
    "memory_profile",
    "compare",
    "timeline",
    "pymalloc_model",
    "malloc_stats",
    "compare_allocators",
    "why_alive",
    "left_behind",
    "broadcast",
]

# Where each lazily loaded name lives (result classes are reachable for isinstance checks too).
_LAZY = {
    "platform": "_platform",
    "sizeof": "_sizes",
    "deep_sizeof": "_sizes",
    "Size": "_sizes",
    "encoding": "_encoding",
    "Encoding": "_encoding",
    "growth": "_growth",
    "most_common_types": "_growth",
    "Growth": "_growth",
    "TypeCounts": "_growth",
    "refs": "_refgraph",
    "backrefs": "_refgraph",
    "Graph": "_refgraph",
    "memory_profile": "_line_memory",
    "Profile": "_line_memory",
    "compare": "_compare",
    "Comparison": "_compare",
    "timeline": "_timeline",
    "Timeline": "_timeline",
    "pymalloc_model": "_pymalloc",
    "PymallocModel": "_pymalloc",
    "malloc_stats": "_pymalloc",
    "MallocStats": "_pymalloc",
    "compare_allocators": "_pymalloc",
    "AllocatorComparison": "_pymalloc",
    "why_alive": "_why_alive",
    "WhyAlive": "_why_alive",
    "left_behind": "_left_behind",
    "LeftBehind": "_left_behind",
    "broadcast": "_broadcast",
    "Broadcast": "_broadcast",
}


def pointer_size() -> int:
    """Bytes in a C pointer on this interpreter: 4 on wasm32 (Pyodide), 8 on 64-bit CPython."""
    return 8 if _sys.maxsize > 2**32 else 4


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'heapbook' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))
