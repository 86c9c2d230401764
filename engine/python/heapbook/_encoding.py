"""encoding(): how CPython stores a string (PEP 393) and what it costs in UTF-8, UTF-16 and UTF-32."""

import sys

from ._platform import platform
from ._tables import MIME, Rich, Say, text_block, text_table, column

MAX_CHARS = 64
_KINDS = ((0x7F, 1, "ascii"), (0xFF, 1, "latin-1"), (0xFFFF, 2, "ucs-2"), (0x10FFFF, 4, "ucs-4"))


class Encoding(Rich):
    """A string's storage kind, measured ``sys.getsizeof`` and its size in each UTF encoding."""

    def __init__(self, text: str) -> None:
        widest = max(map(ord, text), default=0)
        self.length = len(text)
        self.max_code_point = widest
        self.storage_kind, self.storage_name = next(
            (kind, name) for limit, kind, name in _KINDS if widest <= limit
        )
        self.sizeof = sys.getsizeof(text)
        self.data_bytes = (self.length + 1) * self.storage_kind
        self.header_bytes = self.sizeof - self.data_bytes
        self.utf8_bytes = len(text.encode("utf-8", "surrogatepass"))
        self.utf16_bytes = len(text.encode("utf-16-le", "surrogatepass"))
        self.utf32_bytes = 4 * self.length
        self.chars = [_encode_char(ch) for ch in text[:MAX_CHARS]]
        self.omitted = max(0, self.length - MAX_CHARS)
        self.platform = platform()

    def notes(self) -> list:
        widest = f"U+{self.max_code_point:04X}"
        reason = (
            "an empty string is stored as ascii"
            if not self.length
            else f"the widest character, {widest}, sets it for the whole string"
        )
        reason_zh = "空字符串按 ascii 存储" if not self.length else f"最宽的字符 {widest} 决定了整个字符串的存储方式"
        return [
            Say(
                f"Stored as {self.storage_name}, {_per_char(self.storage_kind)} (PEP 393): {reason}.",
                f"以 {self.storage_name} 存储，每字符 {self.storage_kind} 字节（PEP 393）：{reason_zh}。",
            ),
            Say(
                f"sys.getsizeof measured on {self.platform}: {self.sizeof} bytes, of which "
                f"{self.data_bytes} are the characters and the terminating NUL and {self.header_bytes} "
                "the object header.",
                f"在 {self.platform} 上测得 sys.getsizeof 为 {self.sizeof} 字节，其中 {self.data_bytes} 字节是"
                f"字符和结尾的 NUL，{self.header_bytes} 字节是对象头。",
            ),
            Say(
                "UTF-8, UTF-16 and UTF-32 sizes are of the encoded bytes without a byte-order mark; "
                "lone surrogates are encoded with 'surrogatepass'.",
                "UTF-8、UTF-16 和 UTF-32 的大小是编码后的字节数，不含字节序标记；"
                "孤立的代理项用 'surrogatepass' 编码。",
            ),
        ]

    def data(self) -> dict:
        return {
            "length": self.length,
            "chars": self.chars,
            "omitted": self.omitted,
            "storageKind": self.storage_kind,
            "storageName": self.storage_name,
            "sizeof": self.sizeof,
            "dataBytes": self.data_bytes,
            "utf8Bytes": self.utf8_bytes,
            "utf16Bytes": self.utf16_bytes,
            "utf32Bytes": self.utf32_bytes,
            "platform": self.platform,
            "notes": self.notes(),
        }

    def __repr__(self) -> str:
        noun = "character" if self.length == 1 else "characters"
        caption = (
            f"encoding: {self.length} {noun}, stored as {self.storage_name} "
            f"({_per_char(self.storage_kind)}), sys.getsizeof {self.sizeof} bytes; "
            f"UTF-8 {self.utf8_bytes}, UTF-16 {self.utf16_bytes}, UTF-32 {self.utf32_bytes} bytes"
        )
        columns = [
            column("char", "char", "text"),
            column("codePoint", "code point", "text"),
            column("utf8", "UTF-8", "text"),
            column("utf16", "UTF-16", "text"),
        ]
        rows = [
            {
                "char": c["char"],
                "codePoint": f"U+{c['codePoint']:04X}",
                "utf8": " ".join(f"{b:02X}" for b in c["utf8"]),
                "utf16": " ".join(f"{u:04X}" for u in c["utf16"]),
            }
            for c in self.chars
        ]
        extra = [f"… {self.omitted} more characters"] if self.omitted else []
        return text_block(caption, text_table(columns, rows), extra)

    def _rich(self) -> dict:
        return {MIME["encoding"]: self.data()}


def _per_char(kind: int) -> str:
    return "1 byte per character" if kind == 1 else f"{kind} bytes per character"


def _encode_char(ch: str) -> dict:
    code_point = ord(ch)
    utf16 = ch.encode("utf-16-le", "surrogatepass")
    return {
        # A lone surrogate cannot travel as text; its code point and bytes still say what it is.
        "char": "\ufffd" if 0xD800 <= code_point <= 0xDFFF else ch,
        "codePoint": code_point,
        "utf8": list(ch.encode("utf-8", "surrogatepass")),
        "utf16": [int.from_bytes(utf16[i : i + 2], "little") for i in range(0, len(utf16), 2)],
    }


def encoding(text: str) -> Encoding:
    """How ``text`` is stored (PEP 393 kind, measured sys.getsizeof) and its UTF-8/16/32 sizes."""
    if not isinstance(text, str):
        raise TypeError(f"encoding() takes a str, not {type(text).__name__}")
    return Encoding(text)
