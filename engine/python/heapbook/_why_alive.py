"""why_alive(): the shortest chains of references from a root to one object.

A breadth-first search backwards from the object: each level asks the collector which objects
refer to the objects found at the level before (``gc.get_referrers`` for a few of them at once, or
one pass over ``gc.get_objects()`` when the level is wide), until it meets a root:

- the page's namespace (the cells' globals, ``heapbook._runner.namespace``);
- a module's ``__dict__`` (drawn as the module and its dict);
- a class;
- a live frame of the calling code (its local variables, read from ``f_locals``).

Each object is visited once, so the chains found first are the shortest; a root may end several of
them. The search stops after ``max_visited`` objects or ``max_depth`` references and says so: every
level costs one pass over the collector's objects, so these limits bound the time on a large heap.

The helper's own containers are left out: every object it visits sits in one list (``held``) and
its other bookkeeping holds ids and indexes only; frames on the current stack are never followed
as referrers (their locals are read instead). A name in the page namespace that refers to the
object directly is the cell's own reference: it is reported, but it is not a chain.
"""

import gc
import os
import sys
import time
import types
from itertools import compress, count, repeat
from operator import is_

from ._describe import is_heap_instance, label, safe_repr, shorten, type_name
from ._left_behind import _stack_ids
from ._platform import platform
from ._refgraph import _Walk, _dict_notes, _items, _labels_of, _refcounts
from ._tables import MIME, Rich, Say, text_block

# Beyond this many objects in one level, one pass over gc.get_objects() is cheaper than
# gc.get_referrers(*level), which compares every reference it visits with each object of the level.
_WIDE_LEVEL = 48
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class _Marker:
    """A fresh object that nothing else refers to: marks the helper's own argument tuples."""


def _namespace() -> dict:
    from . import _runner

    return _runner.namespace


def why_alive(obj: object, max_chains: int = 3, max_depth: int = 20, max_visited: int = 5_000) -> "WhyAlive":
    """The shortest chains of references from a root (the page namespace, a module, a class, a live
    frame) to ``obj``, at most ``max_chains`` of them, searching at most ``max_depth`` references
    back and ``max_visited`` objects."""
    for name, value, least in (("max_chains", max_chains, 1), ("max_depth", max_depth, 1), ("max_visited", max_visited, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}, not {value!r}")
    started = time.perf_counter()
    held = [obj]
    del obj  # the caller's reference moved into this parameter; it must not be counted
    search = _Search(held, max_chains, max_depth, max_visited, sys._getframe(1))
    try:
        search.run()
        result = search.result()
    finally:
        held.clear()
        search.clear()
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


class _Search:
    def __init__(self, held: list, max_chains: int, max_depth: int, max_visited: int, caller) -> None:
        self.held = held  # every object the search touches, by index; nothing else holds them
        self.max_chains = max_chains
        self.max_depth = max_depth
        self.max_visited = max_visited
        self.namespace = _namespace()
        self.walk = _Walk("backrefs", [], 0, 1)  # for its edge labels ([0], ['key'], .attr, name)
        self.index = {id(held[0]): 0}  # id -> index in held
        self.toward: dict = {}  # index -> (index of the next object toward the target, edge label)
        self.module_dicts = {}
        for module in list(sys.modules.values()):
            if isinstance(module, types.ModuleType):
                self.module_dicts[id(vars(module))] = len(self.held)
                self.held.append(module)
        self.frames = self._live_frames(caller)
        self.chains: list = []  # lists of (index, label to the next): root first, target last
        self.own_names: list = []
        self.truncated = ""  # why the search stopped early, or ""
        self.depth_reached = 0
        self.visited = 0
        self.read_dicts = False
        self.cycle = False

    def clear(self) -> None:
        self.frames = self.module_dicts = self.walk = self.namespace = None

    def _live_frames(self, caller) -> list:
        """The frames of the calling code that have their own locals (functions, not module code)."""
        frames = []
        frame = caller
        while frame is not None:
            code = frame.f_code
            mine = os.path.abspath(code.co_filename).startswith(_PACKAGE_DIR)
            if not mine and frame.f_locals is not frame.f_globals and code.co_name != "<module>":
                frames.append(frame)
            frame = frame.f_back
        return frames

    def run(self) -> None:
        level = [0]
        own = {id(self), id(self.held), id(self.index), id(self.toward), id(self.module_dicts), id(self.frames)}
        own |= _stack_ids()
        depth = 0
        while level and len(self.chains) < self.max_chains:
            if depth >= self.max_depth:
                self.truncated = Say(
                    f"it reached max_depth={self.max_depth} references", f"已达到 max_depth={self.max_depth} 条引用"
                )
                break
            self._frame_roots(level)  # locals of live frames that hold an object of this level
            if len(self.chains) >= self.max_chains:
                break
            depth += 1
            self.depth_reached = depth
            own.add(id(level))
            found = self._referrers(level, own)
            own.discard(id(level))
            following = []
            for referrer, target in found:
                if len(self.chains) >= self.max_chains:
                    break
                if self._is_root(referrer, target):
                    continue
                i = self.index.get(id(referrer))
                if i is not None:
                    self.cycle = True  # a referrer met before: the objects refer to each other
                    continue
                if self.visited >= self.max_visited:
                    self.truncated = Say(
                        f"it had visited max_visited={self.max_visited:,} objects",
                        f"已访问 max_visited={self.max_visited:,} 个对象",
                    )
                    break
                self.visited += 1
                i = len(self.held)
                self.held.append(referrer)
                self.index[id(referrer)] = i
                self.toward[i] = (target, self._label(referrer, self.held[target]))
                following.append(i)
            found = referrer = None
            if self.truncated:
                break
            level = following

    def _referrers(self, level: list, own: set) -> list:
        """(referrer, index of the object of ``level`` it refers to) for every referrer."""
        objects = [self.held[i] for i in level]
        own.add(id(objects))
        pairs = []
        if len(objects) <= _WIDE_LEVEL:
            where = {id(o): i for o, i in zip(objects, level)}
            # CPython 3.14 may report the call's own argument tuple as a referrer: a fresh marker
            # at its end tells it apart from any tuple of the program.
            marker = _Marker()
            candidates = gc.get_referrers(*objects, marker)
            own.add(id(candidates))
            for referrer in candidates:
                if id(referrer) in own or referrer is self.walk:
                    continue
                if type(referrer) is tuple and referrer and referrer[-1] is marker:
                    continue
                for item in gc.get_referents(referrer):
                    i = where.get(id(item))
                    if i is not None and self.held[i] is item:
                        pairs.append((referrer, i))
            own.discard(id(candidates))
        else:
            where = {id(o): i for o, i in zip(objects, level)}
            everything = gc.get_objects()
            own.add(id(everything))
            own.add(id(pairs))
            for referrer in everything:
                if id(referrer) in own or referrer is self.walk:
                    continue
                for item in gc.get_referents(referrer):
                    i = where.get(id(item))
                    if i is not None and self.held[i] is item:
                        pairs.append((referrer, i))
            own.discard(id(everything))
            own.discard(id(pairs))
            everything = None
        own.discard(id(objects))
        objects = candidates = referrer = item = marker = None
        # Stack frames (ours and the caller's) were left out with ``own``: _frame_roots reads locals.
        return pairs

    def _is_root(self, referrer: object, target: int) -> bool:
        """Records a chain when ``referrer`` is a root; True when it is one (whether recorded or not)."""
        if referrer is self.namespace:
            names = _labels_of(self.walk._links(referrer), self.held[target])
            if target == 0:
                # The namespace can be met more than once (one visit per pass); name each once.
                self.own_names += [name for name in names if name not in self.own_names]
            else:
                self._chain([(self._hold(referrer), names[0] if names else "")], target)
            return True
        module = self.module_dicts.get(id(referrer))
        if module is not None:
            text = self._label(referrer, self.held[target])
            self._chain([(module, ".__dict__"), (self._hold(referrer), text)], target)
            return True
        if isinstance(referrer, (type, types.ModuleType)):
            self._chain([(self._hold(referrer), self._label(referrer, self.held[target]))], target)
            return True
        return False

    def _frame_roots(self, level: list) -> None:
        if not self.frames or len(self.chains) >= self.max_chains:
            return
        where = {id(self.held[i]): i for i in level}
        for frame in self.frames:
            for name, value in frame.f_locals.items():
                i = where.get(id(value))
                if i is not None and self.held[i] is value and len(self.chains) < self.max_chains:
                    self._chain([(self._hold(frame), name)], i)
        value = None

    def _hold(self, obj: object) -> int:
        i = self.index.get(id(obj))
        if i is None or self.held[i] is not obj:
            i = len(self.held)
            self.held.append(obj)
            self.index[id(obj)] = i
        return i

    def _chain(self, head: list, target: int) -> None:
        chain = list(head)
        i = target
        while i != 0:
            nxt, text = self.toward[i]
            chain.append((i, text))
            i = nxt
        chain.append((0, ""))
        self.chains.append(chain)

    def _label(self, referrer: object, target: object) -> str:
        if isinstance(referrer, types.FrameType):
            for name, value in referrer.f_locals.items():
                if value is target:
                    return name
            return ""
        if isinstance(referrer, types.ModuleType) and vars(referrer) is target:
            return ".__dict__"
        if is_heap_instance(referrer):
            self.read_dicts = True
            if type(referrer).__dictoffset__:
                try:
                    if object.__getattribute__(referrer, "__dict__") is target:
                        return ".__dict__"
                except AttributeError:
                    pass
        if isinstance(referrer, type) and type(target) is dict and set(vars(referrer)) == set(target):
            return ".__dict__"
        if type(referrer).__name__ == "_lru_cache_wrapper" and type(target) is dict:
            return "(cache)"
        # Containers are searched in C (a list of 100,000 items costs no 100,000 label strings).
        if isinstance(referrer, (list, tuple)):
            for i in compress(count(), map(is_, _items(referrer), repeat(target))):
                return f"[{i}]"
        elif isinstance(referrer, dict) and referrer is not self.namespace:
            for key in compress(dict.keys(referrer), map(is_, dict.values(referrer), repeat(target))):
                return f"[{shorten(safe_repr(key), 24)}]"
        labels = _labels_of(self.walk._links(referrer), target)
        return labels[0] if labels else ""

    def result(self) -> "WhyAlive":
        held = self.held
        target = held[0]
        # One node per object, in the order the chains meet them (the target last).
        order: list = []
        seen: dict = {}
        for chain in self.chains:
            for i, _ in chain:
                if i not in seen and i != 0:
                    seen[i] = len(order)
                    order.append(i)
        if self.own_names and self._index_of_namespace() not in seen:
            k = self._index_of_namespace()
            seen[k] = len(order)
            order.append(k)
        seen[0] = len(order)
        order.append(0)
        nodes = []
        for position, i in enumerate(order):
            obj = held[i]
            nodes.append(
                {
                    "id": f"n{position}",
                    "type": type_name(type(obj)),
                    "label": self._node_label(obj),
                    "size": sys.getsizeof(obj, 0),
                    "refcount": None,
                    "root": i == 0,
                    "omitted": 0,
                }
            )
        edges, keys = [], set()
        for chain in self.chains:
            for (i, text), (j, _) in zip(chain, chain[1:]):
                key = (seen[i], seen[j], text)
                if key not in keys:
                    keys.add(key)
                    edges.append({"from": f"n{seen[i]}", "to": f"n{seen[j]}", "label": text})
        if self.own_names:
            k = seen[self._index_of_namespace()]
            for name in self.own_names:
                edges.append({"from": f"n{k}", "to": f"n{seen[0]}", "label": name})
        chains = []
        roots = []
        for chain in self.chains:
            steps = []
            for i, text in chain:
                steps.append(type_name(type(held[i])))
                if i != 0:
                    steps.append(text)
            chains.append(steps)
            roots.append(self._node_label(held[chain[0][0]]))
        name = _caption_name(self.namespace, self.own_names, nodes[-1]["type"])
        # The counts are read when nothing of this helper but ``objects`` holds the graph's objects.
        objects = [held[i] for i in order]
        held.clear()
        self.index = self.toward = None
        self.clear()
        target = held = obj = None  # noqa: F841 - drops the references, which the counts below must not see
        counts = _refcounts(objects)
        objects = None
        for node, refcount in zip(nodes, counts):
            node["refcount"] = refcount
        shared = counts[-1] is None
        return WhyAlive(
            name=name,
            chains=chains,
            roots=roots,
            own_names=list(self.own_names),
            nodes=nodes,
            edges=edges,
            truncated=self.truncated,
            visited=self.visited,
            depth=self.depth_reached,
            limits=(self.max_chains, self.max_depth, self.max_visited),
            read_dicts=self.read_dicts,
            shared=shared,
            cycle=self.cycle,
        )

    def _index_of_namespace(self) -> int:
        return self._hold(self.namespace)

    def _node_label(self, obj: object) -> str:
        if obj is self.namespace:
            return Say("cell namespace", "单元命名空间")
        if isinstance(obj, types.FrameType):
            name, line = obj.f_code.co_name, obj.f_lineno
            return Say(f"frame of {name}, line {line}", f"{name} 的帧，第 {line} 行")
        if isinstance(obj, dict) and id(obj) in self.module_dicts:
            module = self.held[self.module_dicts[id(obj)]].__name__
            return Say(f"globals of {module}", f"{module} 的全局变量")
        return label(obj)


def _caption_name(namespace: dict, own_names: list, type_text: str) -> str:
    return own_names[0] if own_names else type_text


def _plural(n: int, word: str, words: str = "") -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


class WhyAlive(Rich):
    """why_alive()'s answer: ``chains`` (type names and edge labels, root first), ``roots``,
    ``own_names``, ``truncated`` (bool), ``answer`` (the sentence), and the graph's nodes and edges."""

    def __init__(self, *, name, chains, roots, own_names, nodes, edges, truncated, visited,
                 depth, limits, read_dicts, shared, cycle) -> None:
        self.name = name
        self.chains = chains
        self.roots = roots
        self.own_names = own_names
        self.nodes = nodes
        self.edges = edges
        self.truncated = bool(truncated)
        self.stopped = truncated
        self.visited = visited
        self.depth = depth
        self.max_chains, self.max_depth, self.max_visited = limits
        self.read_dicts = read_dicts
        self.shared = shared
        self.cycle = cycle
        self.elapsed_ms = 0.0
        self.platform = platform()

    @property
    def answer(self) -> str:
        return Say(self._answer_en(), self._answer_zh())

    def _answer_en(self) -> str:
        names = ", ".join(f"`{n}`" for n in self.own_names)
        own = (
            f"the name {names} in the page namespace" if len(self.own_names) == 1
            else f"the names {names} in the page namespace"
        )
        if self.chains:
            shortest = min(len(c) // 2 for c in self.chains)
            text = (
                f"{_plural(len(self.chains), 'chain')} of references from a root "
                f"{'keeps' if len(self.chains) == 1 else 'keep'} it alive; "
                f"the shortest has {_plural(shortest, 'reference')}."
            )
            if self.own_names:
                text += f" The cell's own reference, {own}, holds it too."
            if self.truncated:
                text += f" The search stopped early ({self.stopped}), so other chains may exist."
            return text
        if self.truncated:
            return (
                f"No chain from a root was found within the limits: the search stopped because "
                f"{self.stopped}. Raise max_depth or max_visited to look further."
            )
        if self.visited:
            verb = "refers" if self.visited == 1 else "refer"
            cycle = (
                f"{_plural(self.visited, 'object')} {verb} to it, directly or through each other, but no "
                "root (the page namespace, a module, a class, a live frame) reaches them: only a "
                "reference cycle holds it, and the cyclic collector frees it at its next pass "
                "(gc.collect())."
            )
            if self.own_names:
                return f"Nothing keeps it alive but this cell's own reference, {own}; besides that, {cycle[0].lower()}{cycle[1:]}"
            return f"No root keeps it alive: {cycle}"
        if self.own_names and self.cycle:
            return (
                f"Nothing keeps it alive but this cell's own reference: {own}. It also refers to "
                "itself, so once the name is deleted the cyclic collector frees it, not the "
                "reference count."
            )
        if self.own_names:
            return (
                f"Nothing keeps it alive but this cell's own reference: {own}. "
                "Delete the name and it is freed."
            )
        return (
            "Nothing keeps it alive but this cell's own reference: no object refers to it, so it is "
            "freed as soon as the cell stops using it."
        )

    def _answer_zh(self) -> str:
        names = "、".join(f"`{n}`" for n in self.own_names)
        own = f"页面命名空间里的名字 {names}"
        stopped = getattr(self.stopped, "zh", self.stopped)
        if self.chains:
            shortest = min(len(c) // 2 for c in self.chains)
            text = f"从根出发的 {len(self.chains):,} 条引用链让它保持存活；最短的一条有 {shortest:,} 条引用。"
            if self.own_names:
                text += f"单元自己的引用（{own}）也持有它。"
            if self.truncated:
                text += f"搜索提前停止了（{stopped}），因此可能还有其他引用链。"
            return text
        if self.truncated:
            return f"在限制范围内没有找到从根出发的引用链：搜索停止了，因为{stopped}。调高 max_depth 或 max_visited 可以找得更远。"
        if self.visited:
            cycle = (
                f"有 {self.visited:,} 个对象直接或经由彼此引用它，但没有任何根（页面命名空间、模块、类、存活的帧）"
                "能到达它们：只有一个引用环持有它，循环回收器会在下一轮（gc.collect()）释放它。"
            )
            if self.own_names:
                return f"除了单元自己的引用（{own}）之外，没有什么让它保持存活；除此之外，{cycle}"
            return f"没有任何根让它保持存活：{cycle}"
        if self.own_names and self.cycle:
            return f"除了单元自己的引用（{own}）之外，没有什么让它保持存活。它还引用了自己，所以名字一旦删除，释放它的是循环回收器，而不是引用计数。"
        if self.own_names:
            return f"除了单元自己的引用（{own}）之外，没有什么让它保持存活。删除这个名字，它就会被释放。"
        return "除了单元自己的引用之外，没有什么让它保持存活：没有任何对象引用它，所以单元一不再使用它，它就会被释放。"

    def caption(self) -> str:
        return Say(
            f"why_alive({self.name}): {_plural(len(self.chains), 'chain')} from a root",
            f"why_alive({self.name})：从根出发的引用链 {len(self.chains):,} 条",
        )

    def chain_texts(self) -> list:
        texts = []
        for chain, root in zip(self.chains, self.roots):
            parts = [f"{root} ({chain[0]})" if root != chain[0] else chain[0]]
            for k in range(1, len(chain), 2):
                parts.append(f"-{chain[k]}->" if chain[k] else "->")
                parts.append(chain[k + 1])
            texts.append(" ".join(parts))
        return texts

    def notes(self) -> list:
        notes = [
            Say(
                "Roots: the page namespace (the cells' globals), a module's globals, a class, and the "
                "local variables of the frames that called why_alive. Referrers are found with "
                "gc.get_referrers, which sees only objects tracked by the collector: references held "
                "by C code (the interpreter's own tables, an extension's statics) are not seen.",
                "根：页面命名空间（各单元的全局变量）、模块的全局变量、类，以及调用 why_alive 的各帧的局部变量。"
                "引用者由 gc.get_referrers 找出，它只看得到回收器跟踪的对象：C 代码持有的引用"
                "（解释器自己的表、扩展模块的静态变量）看不到。",
            ),
            Say(
                f"Searched breadth-first, {_plural(self.visited, 'object')} visited, up to "
                f"{_plural(self.depth, 'reference')} back (limits: max_depth={self.max_depth}, "
                f"max_visited={self.max_visited:,}, max_chains={self.max_chains}), in "
                f"{self.elapsed_ms:,.1f} ms. Each object is visited once, so a chain shares no middle "
                "object with a shorter one.",
                f"广度优先搜索，访问了 {self.visited:,} 个对象，最远回溯 {self.depth:,} 条引用"
                f"（限制：max_depth={self.max_depth}，max_visited={self.max_visited:,}，max_chains={self.max_chains}），"
                f"用时 {self.elapsed_ms:,.1f} ms。每个对象只访问一次，所以一条链不会与更短的链共用中间对象。",
            ),
            Say(
                f"size is sys.getsizeof, measured on {self.platform}; refcount is sys.getrefcount minus "
                "the references this helper held.",
                f"大小是 sys.getsizeof，在 {self.platform} 上测得；引用计数是 sys.getrefcount 减去本辅助函数自己持有的引用。",
            ),
        ]
        if self.shared:
            notes.append(
                Say(
                    "This object is immortal or shared (None, a small int, an interned string): many "
                    "places refer to it and none of them decides when it is freed.",
                    "这个对象是永生或共享的（None、小整数、驻留字符串）：很多地方引用它，但哪一处都决定不了它何时被释放。",
                )
            )
        notes += _dict_notes(self.read_dicts)
        return notes

    def data(self) -> dict:
        return {
            "direction": "backrefs",
            "caption": Say(f"{self.caption()}. {self.answer}", f"{self.caption().zh}。{self.answer.zh}"),
            "nodes": self.nodes,
            "edges": self.edges,
            "truncated": self.truncated,
            "notes": self.notes(),
        }

    def __repr__(self) -> str:
        body = "\n".join([self.answer, *self.chain_texts()])
        return text_block(self.caption(), body, self.notes())

    def _rich(self) -> dict:
        return {MIME["graph"]: self.data()}
