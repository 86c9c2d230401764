"""Standard input in the engine: there is none, and reading it says so.

A page has no console to type into. Left alone, ``input()`` and ``sys.stdin.readline()`` end in
Emscripten's ``OSError: [Errno 29] I/O error``, which tells the reader nothing. The engine puts
this reader in ``sys.stdin`` instead; the runner marks its error so that the page can say, in the
page's language, to assign the value in the code.
"""

import io
import sys

MESSAGE = "this page has no standard input to read from"


class NoStandardInput(OSError):
    """Raised when a cell reads ``sys.stdin`` (``input()`` included) in the engine."""


# Shown as "NoStandardInput: ...", like a built-in error, not under the engine's module path.
NoStandardInput.__module__ = "builtins"


class _NoStdin(io.TextIOBase):
    name = "<stdin>"
    encoding = "utf-8"

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> str:
        raise NoStandardInput(MESSAGE)

    def readline(self, size: int | None = -1) -> str:
        raise NoStandardInput(MESSAGE)

    def readlines(self, hint: int | None = -1) -> list:
        raise NoStandardInput(MESSAGE)


def install() -> None:
    sys.stdin = _NoStdin()
