"""autograd-mini: a scalar reverse-mode automatic differentiation engine.

>>> from autograd_mini import Value
>>> x = Value(2.0, label="x")
>>> y = x * x + 3 * x
>>> y.backward()
>>> x.grad  # dy/dx = 2x + 3
7.0
"""

from autograd_mini.command_start import watch as _watch

_watch()  # first: a Ctrl-C while the rest is imported is one line in the command's process

from autograd_mini.backward import gradients, topological_order
from autograd_mini.check import GradcheckError, gradcheck, numerical_gradient
from autograd_mini.draw import Graph, draw_graph
from autograd_mini.errors import ClipRefused, NumberRead
from autograd_mini.forward import jvp
from autograd_mini.functional import grad
from autograd_mini.grad_mode import is_grad_enabled, no_grad
from autograd_mini.jacobians import jacobian
from autograd_mini.ops import OPS, register
from autograd_mini.reverse import vjp
from autograd_mini.second_order import hessian, hvp
from autograd_mini.steps import Step, backward_steps, draw_step, step_player, write_frames
from autograd_mini.trace import Traced, TraceMismatchError, UntraceableRead, trace
from autograd_mini.value import (
    DivisionByZero,
    DomainError,
    InfiniteDerivative,
    NoGraph,
    NonFiniteGradient,
    OpOverflow,
    StaleGraph,
    Value,
    apply,
    dot,
    vsum,
)
from autograd_mini.words import picture_language

__version__ = "0.1.0"

__all__ = [
    "OPS",
    "ClipRefused",
    "DivisionByZero",
    "DomainError",
    "GradcheckError",
    "Graph",
    "InfiniteDerivative",
    "NoGraph",
    "NonFiniteGradient",
    "NumberRead",
    "OpOverflow",
    "StaleGraph",
    "Step",
    "TraceMismatchError",
    "Traced",
    "UntraceableRead",
    "Value",
    "__version__",
    "apply",
    "backward_steps",
    "dot",
    "draw_graph",
    "draw_step",
    "grad",
    "gradcheck",
    "gradients",
    "hessian",
    "hvp",
    "is_grad_enabled",
    "jacobian",
    "jvp",
    "no_grad",
    "numerical_gradient",
    "picture_language",
    "register",
    "step_player",
    "topological_order",
    "trace",
    "vjp",
    "vsum",
    "write_frames",
]
