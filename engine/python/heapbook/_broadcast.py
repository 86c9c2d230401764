"""broadcast(): how NumPy lines up the shapes of its operands, which axes stretch, and at what cost.

The rules are NumPy's: shapes are aligned on their trailing axes; an axis that is missing from a
shorter shape counts as size 1; on each axis the sizes must be equal or one of them 1, and a size-1
axis is stretched to the other size without copying (its stride in the stretched view is 0).

The helper needs no NumPy: an operand is an array (anything with ``shape``, and ``strides``,
``itemsize`` and ``nbytes`` when it has them) or a shape given as a tuple of ints. Incompatible
shapes are not an exception here but the lesson: the result says which axis conflicts, as NumPy's
own error would, and the picture marks it.
"""

from ._platform import platform
from ._tables import MIME, Rich, Say, column, text_block, text_table


def _operand(label: str, value) -> dict:
    if isinstance(value, tuple) and all(isinstance(n, int) and n >= 0 for n in value):
        shape, strides, itemsize, nbytes = value, None, None, None
    elif hasattr(value, "shape"):
        shape = tuple(int(n) for n in value.shape)
        strides = tuple(int(s) for s in value.strides) if hasattr(value, "strides") else None
        itemsize = int(value.itemsize) if hasattr(value, "itemsize") else None
        nbytes = int(value.nbytes) if hasattr(value, "nbytes") else None
    else:
        raise TypeError(
            f"broadcast() takes arrays (with a .shape) or shapes (tuples of ints); "
            f"{label} is a {type(value).__name__}"
        )
    return {"label": label, "shape": list(shape), "strides": strides, "itemsize": itemsize, "nbytes": nbytes}


class Broadcast(Rich):
    """The operands' shapes aligned on their trailing axes, with the result shape or the conflict.

    ``shape`` is the broadcast shape (None when the shapes conflict), ``conflict`` the first axis
    (negative, counted from the end) whose sizes disagree, ``operands`` one dict per operand with its
    ``cells``: per axis of the result, the operand's own size (None where the axis is missing),
    whether it is stretched, and its stride in the stretched view (0 when stretched; None for shapes).
    """

    def __init__(self, operands: list) -> None:
        ndim = max((len(op["shape"]) for op in operands), default=0)
        self.ndim = ndim
        self.conflict = None
        sizes = []
        for axis in range(-ndim, 0):
            own = {op["shape"][axis] for op in operands if len(op["shape"]) >= -axis}
            big = own - {1}
            if len(big) > 1 and self.conflict is None:
                self.conflict = axis
            sizes.append(max(big) if big else 1)
        self.shape = None if self.conflict is not None else tuple(sizes)
        for op in operands:
            op["cells"] = []
            pad = ndim - len(op["shape"])
            for i, axis in enumerate(range(-ndim, 0)):
                size = op["shape"][i - pad] if i >= pad else None
                stretched = self.shape is not None and (size is None or size != sizes[i])
                stride = None
                if op["strides"] is not None and self.shape is not None:
                    stride = 0 if stretched else op["strides"][i - pad]
                op["cells"].append({"axis": axis, "size": size, "stretched": stretched, "stride": stride})
            op["stretchedStrides"] = (
                [cell["stride"] for cell in op["cells"]]
                if op["strides"] is not None and self.shape is not None
                else None
            )
        self.operands = operands
        itemsize = next((op["itemsize"] for op in operands if op["itemsize"]), None)
        count = 1
        for n in self.shape or ():
            count *= n
        self.result_nbytes = count * itemsize if itemsize and self.shape is not None else None
        self.platform = platform()

    @property
    def compatible(self) -> bool:
        return self.shape is not None

    def __getitem__(self, label: str) -> dict:
        """One operand by its label: ``b["a"]["stretchedStrides"]``."""
        for op in self.operands:
            if op["label"] == label:
                return op
        raise KeyError(label)

    def message(self) -> str:
        shapes = " and ".join(str(tuple(op["shape"])) for op in self.operands)
        if self.compatible:
            return f"{shapes} broadcast to {self.shape}"
        axis = self.conflict
        own = [str(op["shape"][axis]) for op in self.operands if len(op["shape"]) >= -axis]
        return f"{shapes} cannot be broadcast: on axis {axis} the sizes are {' and '.join(own)}, and only a size of 1 can stretch"

    def data(self) -> dict:
        return {
            "operands": [
                {k: op[k] for k in ("label", "shape", "strides", "itemsize", "nbytes", "cells", "stretchedStrides")}
                for op in self.operands
            ],
            "ndim": self.ndim,
            "shape": list(self.shape) if self.shape is not None else None,
            "conflict": self.conflict,
            "resultNbytes": self.result_nbytes,
            "platform": self.platform,
        }

    def __repr__(self) -> str:
        columns = [column("operand", "operand", "text"), column("shape", "shape", "text")]
        columns += [column(str(axis), f"axis {axis}", "text") for axis in range(-self.ndim, 0)]
        rows = []
        for op in self.operands:
            row = {"operand": op["label"], "shape": str(tuple(op["shape"]))}
            for cell in op["cells"]:
                size = "·" if cell["size"] is None else str(cell["size"])
                target = self.shape[cell["axis"]] if self.shape is not None else None
                text = f"{size}→{target}" if cell["stretched"] else size
                if cell["stride"] is not None:
                    text += f" (stride {cell['stride']})"
                row[str(cell["axis"])] = text
            rows.append(row)
        result = {"operand": "result", "shape": str(self.shape) if self.compatible else "—"}
        for axis in range(-self.ndim, 0):
            result[str(axis)] = str(self.shape[axis]) if self.compatible else ("✗" if axis == self.conflict else "")
        rows.append(result)
        return text_block(f"broadcast: {self.message()}", text_table(columns, rows), [])

    def _rich(self) -> dict:
        return {MIME["broadcast"]: self.data()}


def broadcast(*operands, **named) -> Broadcast:
    """Line up the shapes of ``operands`` (arrays or shape tuples) as NumPy broadcasting does."""
    listed = [_operand(Say(f"operand {i + 1}", f"操作数 {i + 1}"), value) for i, value in enumerate(operands)]
    listed += [_operand(label, value) for label, value in named.items()]
    if len(listed) < 2:
        raise TypeError("broadcast() needs at least two operands, e.g. broadcast(a, b) or broadcast(a=(3, 1), b=(4,))")
    return Broadcast(listed)
