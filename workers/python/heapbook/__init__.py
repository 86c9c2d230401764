"""Heapbook's in-engine helpers.

Cells import what they need from here (``from heapbook import ...``). The cell runner itself lives
in :mod:`heapbook._runner` and is not part of the reader-facing API.
"""

import sys as _sys

__all__ = ["pointer_size"]


def pointer_size() -> int:
    """Bytes in a C pointer on this interpreter: 4 on wasm32 (Pyodide), 8 on 64-bit CPython."""
    return 8 if _sys.maxsize > 2**32 else 4
