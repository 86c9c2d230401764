"""One sys.monitoring tool id, held for the length of a with block and always given back.

sys.monitoring exists from CPython 3.12, so it is only looked up when a helper that needs it runs;
the rest of the package keeps working on 3.11.
"""

import sys

from ._platform import platform

# Ids tried in order: the profiler's own first, then the unnamed ones, the reserved ones last.
_PREFERRED_IDS = (2, 3, 4, 1, 0, 5)


def require(helper: str):
    """Return sys.monitoring, or raise a clear error naming the helper on Pythons before 3.12."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        raise RuntimeError(
            f"{helper}() needs sys.monitoring, which CPython has from version 3.12; "
            f"this is {platform()}"
        )
    return monitoring


class Tool:
    """A borrowed sys.monitoring tool id with its callbacks and events, released on exit."""

    def __init__(self, helper: str) -> None:
        self.monitoring = require(helper)
        self.events = self.monitoring.events
        self.id: int | None = None
        self._callbacks: list[int] = []
        self._codes: list = []

    def __enter__(self) -> "Tool":
        monitoring = self.monitoring
        for tool_id in _PREFERRED_IDS:
            if monitoring.get_tool(tool_id) is None:
                monitoring.use_tool_id(tool_id, "heapbook")
                self.id = tool_id
                return self
        raise RuntimeError("every sys.monitoring tool id is in use by another tool")

    def on(self, event: int, callback) -> None:
        """Call ``callback`` for ``event`` (one event flag)."""
        self.monitoring.register_callback(self.id, event, callback)
        self._callbacks.append(event)

    def watch_code(self, code, events: int) -> None:
        """Turn on ``events`` for one code object only."""
        self._codes.append(code)
        self.monitoring.set_local_events(self.id, code, events)

    def watch_all(self, events: int) -> None:
        """Turn on ``events`` for all code."""
        self.monitoring.set_events(self.id, events)

    def __exit__(self, *exc_info) -> None:
        monitoring, tool_id = self.monitoring, self.id
        try:
            monitoring.set_events(tool_id, 0)
            for code in self._codes:
                monitoring.set_local_events(tool_id, code, 0)
        finally:
            try:
                for event in self._callbacks:
                    monitoring.register_callback(tool_id, event, None)
            finally:
                monitoring.free_tool_id(tool_id)
