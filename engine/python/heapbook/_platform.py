"""Which interpreter measured a figure: every helper's notes name it, so a number is never unlabelled."""

import sys

_described: str | None = None


def platform() -> str:
    """The interpreter and pointer width, e.g. "CPython 3.14.2, wasm32 (Pyodide 314.0.7)"."""
    global _described
    if _described is None:
        _described = _describe()
    return _described


def is_wasm() -> bool:
    """True in the browser engine (Pyodide), where memory is WebAssembly linear memory."""
    return sys.platform == "emscripten"


def _describe() -> str:
    implementation = {"cpython": "CPython", "pypy": "PyPy"}.get(
        sys.implementation.name, sys.implementation.name
    )
    version = sys.version.split()[0]
    bits = 64 if sys.maxsize > 2**32 else 32
    if sys.platform == "emscripten":
        text = f"{implementation} {version}, wasm{bits}"
        pyodide_version = _pyodide_version()
        return f"{text} (Pyodide {pyodide_version})" if pyodide_version else text
    import os

    machine = os.uname().machine if hasattr(os, "uname") else ""
    if not machine:
        return f"{implementation} {version}, {bits}-bit"
    wide = machine.endswith("64")
    if wide != (bits == 64):  # e.g. a 32-bit interpreter on a 64-bit machine
        return f"{implementation} {version}, {machine} ({bits}-bit build)"
    return f"{implementation} {version}, {machine}"


def _pyodide_version() -> str | None:
    module = sys.modules.get("pyodide")
    if module is None:
        try:
            import pyodide as module
        except ImportError:
            return None
    return getattr(module, "__version__", None)
