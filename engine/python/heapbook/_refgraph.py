"""refs() and backrefs(): the reference graph around one object, like objgraph's show_refs/show_backrefs.

How the refcounts are made trustworthy: while the graph is built, every object in it is held in
exactly one list (``held``), and nothing else of this helper refers to an object once the walk has
returned (work lists hold indexes and ids, not objects). Each count is then read as
``sys.getrefcount(held[i])`` minus the same reading for a fresh probe object held only by that list.
That removes the list's reference and the temporary argument reference however the interpreter
handles them (CPython 3.14 borrows stack references, so fixed "minus 1" rules are wrong there).
The helper's parameter is deleted before counting, so the reference the caller passed is not counted.
"""

import gc
import sys
import types
from collections import deque

from ._describe import is_heap_instance, label, safe_repr, shorten, type_name
from ._platform import platform
from ._tables import MIME, Rich, Say, column, text_block, text_table

_SKIPPED_TYPES = (type, types.ModuleType)
_ATOMIC = (str, bytes, int, float, complex, bool, type(None))
_MAX_LABELS_PER_REFERRER = 3
# Above this a count belongs to an immortal object (None, small ints on 3.11: 10**9) and says nothing.
_SHARED_REFCOUNT = 10**8
# Attributes that name the references of objects gc.get_referents reports without names.
_NAMED_ATTRS = (
    (
        types.FunctionType,
        ("__code__", "__defaults__", "__kwdefaults__", "__closure__", "__name__", "__qualname__")
        + ("__doc__", "__module__"),
    ),
    (types.MethodType, ("__func__", "__self__")),
    (types.CellType, ("cell_contents",)),
    (types.GeneratorType, ("gi_code", "__name__", "__qualname__")),
    (types.CoroutineType, ("cr_code", "__name__", "__qualname__")),
    (types.AsyncGeneratorType, ("ag_code", "__name__", "__qualname__")),
)


NAMESPACE = Say("cell namespace", "单元命名空间")


class _Probe:
    """A fresh object whose only reference is the helper's list: the baseline for refcounts."""


def _namespace() -> dict:
    from . import _runner

    return _runner.namespace


def refs(obj: object, depth: int = 3, max_nodes: int = 40) -> "Graph":
    """The objects ``obj`` refers to, breadth-first to ``depth`` levels and at most ``max_nodes``."""
    name = _caption_name(obj)
    held = [obj]
    del obj  # the caller's reference moved into this parameter; it must not be counted
    return _graph("refs", held, name, depth, max_nodes)


def backrefs(obj: object, depth: int = 3, max_nodes: int = 40) -> "Graph":
    """The objects that refer to ``obj`` (found with gc.get_referrers), up to ``depth`` levels."""
    name = _caption_name(obj)
    held = [obj]
    del obj
    return _graph("backrefs", held, name, depth, max_nodes)


def _graph(direction: str, held: list, name: str, depth: int, max_nodes: int) -> "Graph":
    if depth < 0 or max_nodes < 1:
        raise ValueError("depth must be at least 0 and max_nodes at least 1")
    walk = _Walk(direction, held, depth, max_nodes)
    walk.run()
    counts = _refcounts(held)
    held.clear()
    for node, count in zip(walk.nodes, counts):
        node["refcount"] = count
    return Graph(direction, name, walk.nodes, walk.edges, walk.truncated, depth, max_nodes, walk.read_dicts)


def _caption_name(obj: object) -> str:
    for name, value in _namespace().items():
        if value is obj:
            return name
    return type_name(type(obj))


def _refcounts(held: list) -> list:
    """``sys.getrefcount`` of each held object minus the helper's own references (see module doc)."""
    held.append(_Probe())
    probe = len(held) - 1
    base = sys.getrefcount(held[probe])
    counts = []
    for i in range(probe):
        count = sys.getrefcount(held[i]) - base
        counts.append(None if _shared(held[i], count) else count)
    held.pop()
    return counts


def _shared(obj: object, count: int) -> bool:
    is_immortal = getattr(sys, "_is_immortal", None)
    if is_immortal is not None and is_immortal(obj):
        return True
    return count >= _SHARED_REFCOUNT


class _Walk:
    """Breadth-first over references; keeps only plain data besides the one ``held`` list."""

    def __init__(self, direction: str, held: list, depth: int, max_nodes: int) -> None:
        self.backwards = direction == "backrefs"
        self.held = held
        self.depth = depth
        self.max_nodes = max_nodes
        self.nodes: list = []
        self.edges: list = []
        self.edge_keys: set = set()
        self.index: dict = {}  # id(obj) -> node index
        self.truncated = False
        self.read_dicts = False
        self.namespace = _namespace()
        self.module_dicts: dict | None = None

    def run(self) -> None:
        self._add(0, root=True)
        queue = deque([(0, 0)])
        while queue:
            i, level = queue.popleft()
            if level and not self._expandable(self.held[i]):  # the root is always followed
                continue
            links = self._referrers(self.held[i]) if self.backwards else self._referents(self.held[i])
            for text, other in links:
                j = self.index.get(id(other))
                if j is None:
                    if level >= self.depth or len(self.held) >= self.max_nodes:
                        self.nodes[i]["omitted"] += 1
                        self.truncated = True
                        continue
                    self.held.append(other)
                    j = self._add(len(self.held) - 1)
                    queue.append((j, level + 1))
                self._edge(j, i, text) if self.backwards else self._edge(i, j, text)
            # Drop this node's links before the next gc.get_referrers, which would otherwise find them.
            links = other = None
        # Nothing but ``held`` may refer to the graph's objects when the counts are read.
        self.namespace = self.module_dicts = None

    def _add(self, i: int, root: bool = False) -> int:
        obj = self.held[i]
        self.index[id(obj)] = i
        is_namespace = obj is self.namespace
        self.nodes.append(
            {
                "id": f"n{i}",
                "type": type_name(type(obj)),
                "label": NAMESPACE if is_namespace else label(obj),
                "size": sys.getsizeof(obj, 0),
                "refcount": None,
                "root": root,
                "omitted": 0,
            }
        )
        return i

    def _edge(self, source: int, target: int, text: str) -> None:
        key = (source, target, text)
        if key not in self.edge_keys:
            self.edge_keys.add(key)
            self.edges.append({"from": f"n{source}", "to": f"n{target}", "label": text})

    def _expandable(self, obj: object) -> bool:
        if isinstance(obj, _ATOMIC) or isinstance(obj, types.CodeType):
            return False
        if self.backwards:
            # The cell namespace, modules and classes are where a chain ends for the reader.
            return not (obj is self.namespace or isinstance(obj, _SKIPPED_TYPES))
        return True

    # -- refs: what an object refers to, with how -------------------------------------------------

    def _referents(self, obj: object) -> list:
        """What refs follows from obj: its links without types, modules and singletons."""
        links = self._links(obj)
        return [(text, item) for text, item in links if not _left_out(item)]

    def _links(self, obj: object) -> list:
        """Everything obj refers to, each with how: ``[0]``, ``['key']``, ``.attr`` or ''."""
        found = []
        if obj is self.namespace:
            found = [(name, value) for name, value in dict.items(obj)]
        elif isinstance(obj, dict):
            for key, value in dict.items(obj):
                found.append((f"[{shorten(safe_repr(key), 24)}]", value))
                if not isinstance(key, _ATOMIC):
                    found.append(("", key))
        elif isinstance(obj, (list, tuple, deque)):
            found = [(f"[{i}]", item) for i, item in enumerate(_items(obj))]
        elif isinstance(obj, (set, frozenset)):
            found = [("", item) for item in _items(obj)]
        if isinstance(obj, types.ModuleType):
            found += [(f".{name}", value) for name, value in vars(obj).items()]
        elif isinstance(obj, type):
            found += [(f".{name}", value) for name, value in vars(obj).items()]
            found += [(".__mro__", obj.__mro__), (".__bases__", obj.__bases__)]
        elif is_heap_instance(obj):
            found += self._attributes(obj)
        elif not found:
            found = self._other_referents(obj)
        return found

    def _attributes(self, obj: object) -> list:
        found = [(".__class__", type(obj))]  # only backrefs shows it: refs leaves types out
        if type(obj).__dictoffset__:
            try:
                attrs = object.__getattribute__(obj, "__dict__")
            except AttributeError:
                attrs = None
            if isinstance(attrs, dict):
                self.read_dicts = True
                found += [(f".{name}", value) for name, value in attrs.items()]
        for cls in type(obj).__mro__:
            for name in _slot_names(cls):
                try:
                    found.append((f".{name}", object.__getattribute__(obj, _mangle(cls, name))))
                except AttributeError:  # an empty slot
                    pass
        return found

    def _other_referents(self, obj: object) -> list:
        skip = []
        if isinstance(obj, types.FunctionType):
            skip = [obj.__globals__, getattr(obj, "__builtins__", None)]
        named = []
        for kind, attrs in _NAMED_ATTRS:
            if isinstance(obj, kind):
                for attr in attrs:
                    try:
                        named.append((f".{attr}", getattr(obj, attr)))
                    except (AttributeError, ValueError):  # e.g. an empty closure cell
                        pass
                break
        found = []
        for item in gc.get_referents(obj):
            if not _holds(skip, item):
                labels = _labels_of(named, item)
                found.append((labels[0] if labels else "", item))
        return found

    # -- backrefs: who refers to an object, and how -----------------------------------------------

    def _referrers(self, obj: object) -> list:
        found = gc.get_referrers(obj)
        own = {id(self.held), id(found)}
        links = []
        for referrer in found:
            if id(referrer) in own or isinstance(referrer, types.FrameType):
                continue
            if referrer is not self.namespace and type(referrer) is dict:
                referrer = self._dict_owner(referrer, own) or referrer
            texts = _labels_of(self._links(referrer), obj)
            for text in texts[:_MAX_LABELS_PER_REFERRER] or [""]:
                links.append((text, referrer))
        found = referrer = None
        return links

    def _dict_owner(self, mapping: dict, own: set) -> object:
        """The module, class or instance whose ``__dict__`` this is, so edges read ``.attr``."""
        if self.module_dicts is None:
            self.module_dicts = {
                id(vars(m)): m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)
            }
        module = self.module_dicts.get(id(mapping))
        if module is not None:
            return module
        holders = gc.get_referrers(mapping)
        try:
            for holder in holders:
                if id(holder) in own or not _holds(gc.get_referents(holder), mapping):
                    continue
                if isinstance(holder, type):
                    return holder
                if is_heap_instance(holder) and type(holder).__dictoffset__:
                    try:
                        if object.__getattribute__(holder, "__dict__") is mapping:
                            return holder
                    except AttributeError:
                        pass
            return None
        finally:
            holders = holder = None


# Plain loops, not comprehensions or generator expressions: on CPython 3.11 those capture the
# object in a closure cell, which gc.get_referrers would then report as a referrer.
def _labels_of(links: list, target: object) -> list:
    """The labels of the links in ``links`` (pairs of label and object) that lead to ``target``."""
    labels = []
    for text, item in links:
        if item is target:
            labels.append(text)
    return labels


def _holds(items, target: object) -> bool:
    for item in items:
        if item is target:
            return True
    return False


def _items(obj):
    for base in (list, tuple, deque, set, frozenset):
        if isinstance(obj, base):
            return base.__iter__(obj)
    return iter(())


def _left_out(item: object) -> bool:
    return item is None or item is True or item is False or isinstance(item, _SKIPPED_TYPES)


def _slot_names(cls: type) -> list:
    slots = cls.__dict__.get("__slots__", ())
    if isinstance(slots, str):
        slots = (slots,)
    return [s for s in slots if s not in ("__dict__", "__weakref__")]


def _dict_notes(read_dicts: bool) -> list:
    """The note a walk that read attribute names through ``__dict__`` adds: on CPython 3.13+ the
    read creates the dict of an instance that had none (refs, backrefs and why_alive all say it)."""
    if not (read_dicts and sys.version_info >= (3, 13)):
        return []
    return [
        Say(
            "Attribute names were read through __dict__, which on CPython 3.13+ creates an "
            "instance's dict object if it did not exist yet.",
            "属性名是通过 __dict__ 读取的；在 CPython 3.13 及以上版本中，如果实例的 dict 对象还不存在，这会把它创建出来。",
        )
    ]


def _mangle(cls: type, name: str) -> str:
    if name.startswith("__") and not name.endswith("__"):
        return f"_{cls.__name__.lstrip('_')}{name}"
    return name


class Graph(Rich):
    """A reference graph: ``nodes`` and ``edges`` as in GraphData, plus a text form."""

    def __init__(self, direction, name, nodes, edges, truncated, depth, max_nodes, read_dicts) -> None:
        self.direction = direction
        self.name = name
        self.nodes = nodes
        self.edges = edges
        self.truncated = truncated
        self.depth = depth
        self.max_nodes = max_nodes
        self.read_dicts = read_dicts
        self.platform = platform()

    @property
    def omitted(self) -> int:
        """References left out by the depth or node limit, over all nodes."""
        return sum(node["omitted"] for node in self.nodes)

    def caption(self) -> str:
        objects = "object" if len(self.nodes) == 1 else "objects"
        references = "reference" if len(self.edges) == 1 else "references"
        return Say(
            f"{self.direction}({self.name}): {len(self.nodes)} {objects}, {len(self.edges)} {references}",
            f"{self.direction}({self.name})：{len(self.nodes)} 个对象，{len(self.edges)} 条引用",
        )

    def notes(self) -> list:
        if self.direction == "refs":
            notes = [
                Say(
                    "Followed: container items, dict values (and keys that are not strings or numbers), "
                    "instance attributes, and gc.get_referents for other objects. Left out: types, "
                    "modules, functions' globals, None, True and False; code objects are not expanded.",
                    "继续展开的：容器的元素、dict 的值（以及不是字符串或数字的键）、实例属性，"
                    "其他对象则用 gc.get_referents。略去的：类型、模块、函数的全局变量、None、True 和 False；代码对象不展开。",
                )
            ]
        else:
            notes = [
                Say(
                    "Referrers found with gc.get_referrers, which sees only objects tracked by the "
                    "collector; frames and this helper's own lists are left out. An instance's, class's "
                    "or module's __dict__ is shown as its owner. The cell namespace, modules and classes "
                    "are not followed further.",
                    "引用者由 gc.get_referrers 找出，它只看得到回收器跟踪的对象；帧和本辅助函数自己的列表已略去。"
                    "实例、类或模块的 __dict__ 显示为它的所有者。单元命名空间、模块和类不再继续追溯。",
                )
            ]
        notes.append(
            Say(
                f"size is sys.getsizeof; refcount is sys.getrefcount minus the references this helper "
                f"held, measured on {self.platform}. It is left empty for immortal or shared objects "
                "(None, small ints, interned strings), whose count says nothing about ownership.",
                f"大小是 sys.getsizeof；引用计数是 sys.getrefcount 减去本辅助函数自己持有的引用，在 {self.platform} 上测得。"
                "对于永生或共享的对象（None、小整数、驻留字符串），引用计数说明不了归属，因此留空。",
            )
        )
        if self.truncated:
            notes.append(
                Say(
                    f"Cut at depth {self.depth} or {self.max_nodes} objects: {self.omitted} references "
                    "were left out (counted on the node they start from or lead to).",
                    f"在深度 {self.depth} 或 {self.max_nodes} 个对象处截断：略去了 {self.omitted} 条引用"
                    "（计在它们出发或指向的节点上）。",
                )
            )
        notes += _dict_notes(self.read_dicts)
        return notes

    def data(self) -> dict:
        return {
            "direction": self.direction,
            "caption": self.caption(),
            "nodes": self.nodes,
            "edges": self.edges,
            "truncated": self.truncated,
            "notes": self.notes(),
        }

    def __repr__(self) -> str:
        columns = [
            column("id", "node", "text"),
            column("type", "type", "text"),
            column("label", "object", "text"),
            column("size", "size", "bytes"),
            column("refcount", "refcount", "int"),
            column("mark", "", "text"),
        ]
        rows = []
        for node in self.nodes:
            marks = ["root"] if node["root"] else []
            if node["omitted"]:
                marks.append(f"{node['omitted']} left out")
            rows.append({**node, "mark": ", ".join(marks)})
        lines = [text_table(columns, rows)]
        lines += [f"{e['from']} -{e['label']}-> {e['to']}" for e in self.edges]
        return text_block(self.caption(), "\n".join(lines), [])

    def _rich(self) -> dict:
        return {MIME["graph"]: self.data()}
