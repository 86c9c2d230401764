"""Runs a chapter's Python cells on the build machine's own CPython, for measured 64-bit figures.

The engine is wasm32, where pointers are 4 bytes, so sizes differ from the 64-bit CPython most
readers use. A cell marked ``#| native: true`` is also run here, with the same runner and helper
package, and its result is shown beside the engine's, labelled with this interpreter's version.
Nothing is computed from the wasm32 figures: the 64-bit ones are measured.

Protocol (JSON lines): the first line written is this interpreter's description; then for each
request line read (``{"cellId", "code", "check"}``) one result line is written.
"""

import asyncio
import io
import json
import platform
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # engine/python/, which holds heapbook/

from heapbook import _runner


class _Capture(io.TextIOBase):
    """A text stream that records writes in order, merged with the other stream's."""

    def __init__(self, name: str, chunks: list) -> None:
        self.name = name
        self.chunks = chunks

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.chunks and self.chunks[-1]["stream"] == self.name:
            self.chunks[-1]["text"] += text
        else:
            self.chunks.append({"stream": self.name, "text": text})
        return len(text)


def describe() -> dict:
    bits = 64 if sys.maxsize > 2**32 else 32
    version = platform.python_version()
    return {
        "platform": f"CPython {version}, {platform.machine()} ({bits}-bit, {platform.system()})",
        "version": version,
        "bits": bits,
    }


def run(request: dict) -> dict:
    chunks: list = []
    out, err = sys.stdout, sys.stderr
    # The runner resets sys.stdout to sys.__stdout__ before each cell (a cell may have replaced
    # it), so the captures stand in for both while the cell runs.
    capture_out, capture_err = _Capture("stdout", chunks), _Capture("stderr", chunks)
    sys.stdout = sys.__stdout__ = capture_out
    sys.stderr = sys.__stderr__ = capture_err
    try:
        result = _runner.run_cell(request["cellId"], request["code"], request.get("check"))
        if not isinstance(result, str):
            result = asyncio.run(result)
    finally:
        sys.stdout = sys.__stdout__ = out
        sys.stderr = sys.__stderr__ = err
    return {"cellId": request["cellId"], "stream": chunks, **json.loads(result)}


def main() -> None:
    tracemalloc.start()
    print(json.dumps(describe()), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(run(json.loads(line)), ensure_ascii=True), flush=True)


if __name__ == "__main__":
    main()
