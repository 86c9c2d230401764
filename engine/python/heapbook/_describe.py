"""Short, safe descriptions of objects: type names and labels of at most 40 characters."""

import types
from collections import deque

from ._tables import Say

MAX_LABEL = 40
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: the type was made by a class statement
_SIZED = (list, tuple, set, frozenset, dict, deque)
_ATOMIC = (str, bytes, int, float, complex, bool, type(None))


def type_name(tp: type) -> str:
    """``list`` for built-in types, ``module.Qualname`` otherwise (``__main__.Entry`` for cells)."""
    module = getattr(tp, "__module__", None)
    name = getattr(tp, "__qualname__", None) or tp.__name__
    if module in (None, "builtins"):
        return name
    return f"{module}.{name}"


def is_heap_instance(obj: object) -> bool:
    """True for instances of classes written in Python (their attributes live in the instance)."""
    return bool(type(obj).__flags__ & _HEAPTYPE) and not isinstance(obj, type)


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_repr(obj: object) -> str:
    try:
        return repr(obj)
    except Exception as exc:  # a broken __repr__ must not break the helper
        return f"<repr failed: {type(exc).__name__}>"


def _said(en: str, zh: str) -> Say:
    return Say(shorten(en), shorten(zh))


def label(obj: object) -> str:
    """A readable short form: ``list, 3 items``, ``'hello'``, ``Entry object``, ``function f``."""
    if isinstance(obj, _ATOMIC):
        return shorten(safe_repr(obj))
    if isinstance(obj, _SIZED):
        try:
            n = len(obj)
        except Exception:
            return shorten(type(obj).__qualname__)
        noun = "item" if n == 1 else "items"
        kind = type(obj).__qualname__
        return _said(f"{kind}, {n} {noun}", f"{kind}，{n} 个元素")
    if isinstance(obj, types.ModuleType):
        return _said(f"module {obj.__name__}", f"模块 {obj.__name__}")
    if isinstance(obj, type):
        return _said(f"class {type_name(obj)}", f"类 {type_name(obj)}")
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        name = getattr(obj, "__qualname__", obj.__name__)
        return _said(f"function {name}", f"函数 {name}")
    if isinstance(obj, types.MethodType):
        name = getattr(obj.__func__, "__qualname__", "?")
        return _said(f"method {name}", f"方法 {name}")
    if isinstance(obj, types.CodeType):
        name = getattr(obj, "co_qualname", obj.co_name)
        return _said(f"code {name}", f"代码对象 {name}")
    if isinstance(obj, types.CellType):
        return Say("closure cell", "闭包单元")
    if isinstance(obj, (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)):
        return shorten(f"{type(obj).__name__} {obj.__qualname__}")
    if type(obj).__repr__ is object.__repr__:
        kind = type(obj).__qualname__
        return _said(f"{kind} object", f"{kind} 对象")
    return shorten(safe_repr(obj))
