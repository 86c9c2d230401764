"""Short, safe descriptions of objects: type names and labels of at most 40 characters."""

import types
from collections import deque

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
        return shorten(f"{type(obj).__qualname__}, {n} {noun}")
    if isinstance(obj, types.ModuleType):
        return shorten(f"module {obj.__name__}")
    if isinstance(obj, type):
        return shorten(f"class {type_name(obj)}")
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return shorten(f"function {getattr(obj, '__qualname__', obj.__name__)}")
    if isinstance(obj, types.MethodType):
        return shorten(f"method {getattr(obj.__func__, '__qualname__', '?')}")
    if isinstance(obj, types.CodeType):
        return shorten(f"code {getattr(obj, 'co_qualname', obj.co_name)}")
    if isinstance(obj, types.CellType):
        return "closure cell"
    if isinstance(obj, (types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)):
        return shorten(f"{type(obj).__name__} {obj.__qualname__}")
    if type(obj).__repr__ is object.__repr__:
        return shorten(f"{type(obj).__qualname__} object")
    return shorten(safe_repr(obj))
