"""Trace once, replay on batches: the scalar graph of one sample, run on many with numpy.

The eager engine builds a fresh graph of scalar nodes for every sample, which is the
clearest way to see backpropagation and the slowest way to train. A training step,
though, builds the *same* graph every time: only the numbers in it change. ``trace``
calls a Python function once on example inputs, keeps the graph it built, and then
replays that graph on a whole batch:

* forward: every node computes its op's forward rule on a column of numbers (one entry
  per sample) instead of on one float;
* backward: every node's local derivative ∂y/∂p comes from the same op table
  (:func:`~autograd_mini.ops.local_derivatives` on the numpy backend), and the chain
  rule  ∂L/∂p = Σ_consumers ∂y/∂p · ∂L/∂y  runs node by node in reverse order.

Nodes that apply the same op at the same depth are *fused* into one numpy call. A layer's
neurons zⱼ = Σᵢ wⱼᵢ·aᵢ + bⱼ are ``dot`` nodes of one depth that share the input list
a, so the whole layer becomes the matrix product Z = A·Wᵀ + b, and its backward the two
products ∂L/∂W = Gᵀ·A (summed over the batch by the product itself) and ∂L/∂A = G·W.

**What a trace records, and what it does not** (as ``torch.jit.trace``): the ops that ran
for the example inputs, not the Python that chose them. Reading an input or a parameter
as a number while the function is recorded — ``float(v)``, ``if v:``, ``v < w`` — is
refused (:class:`UntraceableRead`, see :mod:`~autograd_mini.trace.reads`). ``v.data``
cannot be watched: a function that branches on it (``if x[0].data > 0: ...``), turns an
input into a plain float with it, or loops a data-dependent number of times is recorded
along the one path the example took, and the replay follows that path for every sample.
``check=True`` compares the first replayed batch with the eager engine, sample by
sample, and raises :class:`TraceMismatchError` naming the first output or parameter that
differs (and compares again on the next call until a batch agrees; a first ``forward``
checks the outputs, the first call with a gradient the gradient too).

The package, one pass per file (as Autodidax: the program is data, passes read it):

* :mod:`~autograd_mini.trace.program` — the recorded program: equations
  ``output = op(inputs; arg)`` over numbered variables;
* :mod:`~autograd_mini.trace.fuse` — the fusion pass: equations → groups;
* :mod:`~autograd_mini.trace.slots`, :mod:`~autograd_mini.trace.groups` — where numbers
  live during a replay, and each group compiled to its numpy calls;
* :mod:`~autograd_mini.trace.replay` — the forward and backward passes;
* :mod:`~autograd_mini.trace.emit` — both passes written out as one straight-line
  function (the groups' own methods run when a number is not finite);
* :mod:`~autograd_mini.trace.check` — the comparison with the eager engine;
* :mod:`~autograd_mini.trace.reads` — what the function may not read while recorded;
* :mod:`~autograd_mini.trace.inputs` — what it takes as numbers (examples, batches);
* :mod:`~autograd_mini.trace.traced` — :func:`trace` and :class:`Traced`, the handle.

Leaves of the recorded graph are of three kinds: *inputs* (made by ``trace`` from the
example inputs; one column of the batch each), *parameters* (the ``params`` you pass;
read afresh from the Values on every call, or passed in as an array) and *constants*
(any other leaf: captured with the value it had when the function was traced).
"""

from autograd_mini.trace.check import CHECK_RTOL, TraceMismatchError
from autograd_mini.trace.reads import UntraceableRead
from autograd_mini.trace.replay import Reduction
from autograd_mini.trace.traced import Traced, trace

__all__ = ["CHECK_RTOL", "Reduction", "TraceMismatchError", "Traced", "UntraceableRead", "trace"]
