"""What every helper's result shares: a MIME bundle for the page and a plain-text form.

The rich shapes are declared once in engine/protocol.ts (TableData, EncodingData, GraphData,
ChartData); the dicts built here must match them key for key.
"""

# The same names as HEAPBOOK_MIME in engine/protocol.ts (tests/unit/mime-types.test.ts holds them equal).
MIME = {
    "table": "application/vnd.heapbook.table+json",
    "encoding": "application/vnd.heapbook.encoding+json",
    "graph": "application/vnd.heapbook.graph+json",
    "chart": "application/vnd.heapbook.chart+json",
    "pymalloc": "application/vnd.heapbook.pymalloc+json",
    "broadcast": "application/vnd.heapbook.broadcast+json",
}

_NUMERIC = {"int", "signed-int", "bytes", "signed-bytes", "ms"}

#: The languages a helper's words come in besides English, as the pages name them (<html lang>).
LANGS = ("zh-CN",)


class Say(str):
    """English words a reader sees, carrying their Simplified Chinese: ``Say("peak", "峰值")``.

    It is the English ``str`` everywhere (text forms, JSON, comparisons), so a helper's figures
    stay language-free and the build caches one result for both languages; ``_repr_mimebundle_``
    gathers the Chinese into the payload's ``words`` (``{"zh-CN": {english: chinese}}``), which
    the page applies when it draws the payload on a Chinese page (src/shared/render/localise.ts).
    """

    def __new__(cls, en: str, zh: str) -> "Say":
        said = super().__new__(cls, en)
        said.zh = zh
        return said


def words_of(payload: object) -> dict:
    """Every ``Say`` in a payload, English to Chinese."""
    found: dict = {}
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, Say):
            found[str.__str__(item)] = item.zh
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


def measured_on(where: str) -> Say:
    """The note every helper ends with: which interpreter measured its figures."""
    return Say(f"Measured on {where}.", f"测量平台：{where}。")


def with_words(payload: object) -> object:
    """The payload with its Chinese words attached (unchanged when it says nothing in Chinese)."""
    found = words_of(payload)
    if not found or not isinstance(payload, dict):
        return payload
    return {**payload, "words": {"zh-CN": found}}


class Rich:
    """Base of the helpers' results: ``__repr__`` is the text, ``_rich()`` the book's MIME types."""

    def _rich(self) -> dict:
        raise NotImplementedError

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        rich = {mime: with_words(data) for mime, data in self._rich().items()}
        bundle = {"text/plain": repr(self), **rich}
        return {
            key: value
            for key, value in bundle.items()
            if key == "text/plain"
            or ((not include or key in include) and (not exclude or key not in exclude))
        }


def column(key: str, label: str, format: str) -> dict:
    """One TableColumn or ChartChannel."""
    return {"key": key, "label": label, "format": format}


def table(caption: str, columns: list, rows: list, notes: list, total: dict | None = None) -> dict:
    """A TableData dict."""
    data = {"caption": caption, "columns": columns, "rows": rows, "notes": notes}
    if total is not None:
        data["total"] = total
    return data


def format_value(value, format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # already formatted by the caller
        return value
    if format in ("bytes", "int"):
        return f"{value:,}"
    if format == "signed-bytes":
        return f"{value:+,}" if value else "0"
    if format == "ms":
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def text_table(columns: list, rows: list, total: dict | None = None) -> str:
    """Columns aligned with spaces: numbers to the right, text to the left."""
    body = rows + ([total] if total is not None else [])
    cells = [[c["label"] for c in columns]]
    cells += [[format_value(row.get(c["key"]), c["format"]) for c in columns] for row in body]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = []
    for line in cells:
        parts = []
        for i, (text, col) in enumerate(zip(line, columns)):
            last = i == len(columns) - 1
            if col["format"] in _NUMERIC:
                parts.append(text.rjust(widths[i]))
            else:
                parts.append(text if last else text.ljust(widths[i]))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def text_block(caption: str, body: str, notes: list) -> str:
    return "\n".join([caption, body, *notes]) if body else "\n".join([caption, *notes])
