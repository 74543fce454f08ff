"""A traced function may not read its inputs or parameters as numbers.

A trace keeps the ops that ran, not the Python that chose them. ``float(v)``, ``if v:``
and ``v < w`` hand the function a plain number or a bool, and what it does with it — a
branch taken, a number folded into a constant — is recorded for the example only: the
replay would use that number, or that branch, for every sample and after every step.
The eager check compares sixteen samples at the starting parameters, so a branch that
only the seventeenth sample takes, a validation set, or a parameter read as a number
(whose number changes when it trains) would replay silently wrong.

So while ``trace`` records, every such read of a Value that depends on an input or a
parameter is refused (:class:`UntraceableRead`), as JAX refuses to turn a tracer into
a Python number; so is ``no_grad()``, whose results are parentless Values — constants
to the recording, whatever they were computed from; so is a derivative taken inside the
function (``grad``) that a rule can give only as a constant its input's number chose
(tanh's slope 0 where 2a is beyond the largest float: the read kind "derivative"; relu's
and abs's slopes are ops, ``step`` and ``sign``, and replay). A Value computed from constants
alone may be read: its number is the same on every replay. ``v.data`` is an attribute,
not a conversion, and cannot be watched; the package doc says what a trace does with
it. Formatting (``f"{v:.3f}"``) reads nothing the graph keeps and is let through;
``"%.3f" % v`` goes through ``float()`` and is refused like it. So is a gradient taken
as floats (``backward()`` then ``.grad``, ``gradients()`` without ``create_graph``) from
a Value that depends on an input or a parameter: the replay kept the example's
gradient for every sample (x ↦ ∂f(x)/∂x·x replayed f′(0.3)·x), and its derivative in the
parameters was 0. So is a copy of such a Value (``copy.copy``, ``copy.deepcopy``,
``pickle``, of it or of a list or model holding it): the copy's leaves keep the
example's numbers, and the replay used them for every sample.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from autograd_mini import value as _value
from autograd_mini.backward import LeadsTo
from autograd_mini.read_watch import ReadKind, unknown_read
from autograd_mini.trace.check import TraceMismatchError
from autograd_mini.value import Value, short_name

__all__ = ["UntraceableRead", "watching_reads"]


class UntraceableRead(TraceMismatchError):
    """A traced function read an input or a parameter as a number (``float(v)``,
    ``if v:``, ``v < w``): the replay could not follow what it did with the number.

    What the message says, as fields a caller can read: ``node``, the Value that was
    read (for a derivative, the node whose test chose the constant; for a gradient
    taken as floats, the root of ``backward()`` or the ``.grad_graph`` read) — None for
    ``no_grad()``, which reads no node; ``kind``, the kind of read
    (:data:`~autograd_mini.value.ReadKind`: "branch", "number", "grad", "stop",
    "derivative" or "copy"); ``how``, the read in words ("a comparison >", "if v: or bool(v)",
    "no_grad()"). A refusal is raised while the function is recorded, at the example,
    before any sample is replayed: it has no sample.
    """

    def __init__(
        self, message: str, node: Value | None = None, kind: ReadKind = "number", how: str = ""
    ) -> None:
        super().__init__(message)
        self.node = node
        self.kind = kind
        self.how = how


class _Varying:
    """Which Values of the graph being recorded depend on an input or a parameter: the
    question backward asks of a gradient it cannot compute (does this node lead to a
    wanted one?), asked of the leaves."""

    def __init__(self, leaves: Iterable[Value]) -> None:
        self.varies = LeadsTo(list(leaves))

    def read(self, v: Value | None, how: str, kind: ReadKind) -> None:
        match kind:
            case "stop":  # no_grad() entered: its results would be parentless constants
                raise UntraceableRead(
                    "trace: the function turns gradient recording off (no_grad()) while it "
                    "is recorded; what it computes there is recorded as a constant, with the "
                    "number it had for the example, and the replay would use that number for "
                    "every sample and step (a norm of the weights, say, kept from the start). "
                    "Compute it with gradients on, or outside the traced function",
                    None,
                    kind,
                    how,
                )
            case "derivative":
                if v is not None and self.varies(v):
                    raise UntraceableRead(
                        f"trace: a derivative taken while the function is recorded is a "
                        f"constant at the example: {how}. The recording keeps that constant, "
                        f"not the test of {short_name(v)} that chose it, and the replay would use "
                        f"it for every sample and step — trace at another example",
                        v,
                        kind,
                        how,
                    )
                return
            case "copy":
                if v is not None and self.varies(v):
                    raise UntraceableRead(
                        f"trace: the function copies {short_name(v)} (data {v.data!r}; {how}) "
                        f"while it is recorded; it depends on an input or a parameter, and the "
                        f"copy is a new graph whose leaves keep the example's numbers: the "
                        f"replay would use them for every sample and step. Use the Value "
                        f"itself (no op changes a Value: the function needs no copy of it), "
                        f"or copy it outside the traced function",
                        v,
                        kind,
                        how,
                    )
                return
            case "grad":
                use = (
                    "a gradient that is a Value, which the replay computes for each sample: "
                    "grad(f), gradients(..., create_graph=True), or .grad_graph after "
                    "backward(create_graph=True)"
                )
            case "branch" if how.startswith("np."):
                # np.maximum's (np.clip's) read names the same pick made of ops: advice for
                # Python's max() was for a max() never called
                use = f"that form, made of the Value's ops, in place of {how.split('(')[0]}"
            case "branch" | "number":
                use = (
                    "the Value's ops (relu, abs, sigmoid, …) instead of Python's if, <, "
                    "float() and max()"
                )
            case _:
                unknown_read(kind)
        if v is not None and self.varies(v):
            raise UntraceableRead(
                f"trace: the function reads {short_name(v)} (data {v.data!r}) as a number ({how}) "
                f"while it is recorded; it depends on an input or a parameter, so the "
                f"replay would keep this one number, or the branch it chose, for every "
                f"sample and step. Use {use}",
                v,
                kind,
                how,
            )


@contextmanager
def watching_reads(leaves: Iterable[Value]) -> Iterator[None]:
    """While the block runs (in this thread or task), refuse a read of a Value that
    depends on one of ``leaves``."""
    token = _value.READ_WATCH.set(_Varying(leaves).read)
    try:
        yield
    finally:
        _value.READ_WATCH.reset(token)
