"""Optimizers: turn the gradients left by ``backward()`` into parameter updates.

No graph is built: ``step()`` reads every ``p.data`` and ``p.grad`` into a numpy vector,
applies the update rule to the whole vector at once and writes the numbers back. The
same rule runs directly on vectors in ``step_arrays`` — that is how
``fit(compiled=True)``, which keeps the parameters in one array, uses an optimizer
(without an L2 term its second half, ``_checked_update``: the replay has already
checked the gradient).

An optimizer is its rule on vectors, :meth:`Optimizer.update` ``(data, grad, lr)``: that
is the one method a new optimizer writes. ``step``, ``step_arrays`` and the two halves
they share, ``_checked_step`` and ``_checked_update``, are the same for every optimizer
(they check the numbers and undo a refused step) and cannot be overridden, so eager and
compiled training always run the same rule.

The learning rate η may be a number or a schedule: a function of the step number
k = 0, 1, 2, … (micrograd's demo decays it as η_k = 1.0 − 0.9·k/100,
which is ``linear_decay(1.0, 0.1, 100)``).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from autograd_mini import Value
from autograd_mini.finite import refuse_masked
from autograd_mini.reals import as_lists, not_real_hint, scalar_of
from autograd_mini.value import get_data, get_grad, write_data, zero_grads
from nn.checks import all_finite, check_number, is_count, is_number, shown
from nn.module import Module

Array = npt.NDArray[np.float64]

__all__ = ["SGD", "Adam", "LinearDecay", "NonFiniteStep", "Optimizer", "Schedule", "linear_decay"]

Schedule = Callable[[int], float]
_Into = tuple[list[Value], list[float]]  # Values to write a step into, and what they held


_CONTAINERS = (dict, list, tuple)  # exactly these: a subclass may not rebuild from items


def _rebuilt(value: Any, array: Callable[[npt.NDArray[Any]], Any]) -> Any:
    """``value`` with ``array`` applied to each numpy array in it, inside dicts, lists and
    tuples too. Containers are rebuilt, never changed in place."""
    if isinstance(value, np.ndarray):
        return array(value)
    kind = type(value)
    if kind is dict:
        return {k: _rebuilt(v, array) for k, v in value.items()}
    if kind is list or kind is tuple:
        return kind(_rebuilt(v, array) for v in value)
    return value


def _collect_floats(value: Any, label: str, n: int, found: list[tuple[str, Array]]) -> None:
    """Append (label, array) for ``value`` if it is a float array of shape (n,), or for
    each one inside it if it is a dict, list or tuple; the label says where, as Python
    would: ``velocity``, ``state['v']``, ``history[0]``."""
    if isinstance(value, np.ndarray):
        if value.shape == (n,) and value.dtype.kind == "f":
            found.append((label, value))
    elif type(value) in _CONTAINERS:
        items = value.items() if type(value) is dict else enumerate(value)
        for k, v in items:
            _collect_floats(v, f"{label}[{k!r}]", n, found)


def linear_decay(start: float, end: float, steps: int) -> Schedule:
    """η_k = start − (start − end)·k/steps: from ``start`` at k = 0 to ``end`` at k = steps.

    Kept at ``end`` after that. ``linear_decay(1.0, 0.1, 100)`` is micrograd's schedule.
    A :class:`LinearDecay`: an object, not a closure, so that an optimizer holding it can
    be pickled with its model (a checkpoint that resumes training where it stopped).
    """
    return LinearDecay(start, end, steps)  # (checked as it is built)


#: The step counts :meth:`LinearDecay.__call__` takes without check_number: a plain int
#: or float from 0 up to here is one check_number would take as it is (an int this
#: size converts to a float exactly; 10**400 and inf are refused there, nan too).
_PLAIN_STEPS = 2.0**53


@dataclass(frozen=True)
class LinearDecay:
    """The schedule :func:`linear_decay` makes; its fields are checked as it is built
    (``LinearDecay(Decimal(1), 0.1, 10)`` built directly was a bare TypeError of '-' at
    its first call): ``start`` and ``end`` become floats, ``steps`` an int."""

    start: float
    end: float
    steps: int

    def __post_init__(self) -> None:
        steps = self.steps
        if not is_count(steps):
            raise ValueError(f"linear_decay: steps must be an integer ≥ 1, got {steps!r}")
        # finite and ≥ 0: a learning rate
        object.__setattr__(self, "start", check_number(self.start, "start", "linear_decay"))
        object.__setattr__(self, "end", check_number(self.end, "end", "linear_decay"))
        object.__setattr__(self, "steps", int(steps))  # int: numpy's integers too

    def __call__(self, k: int) -> float:
        # (k = −1 gave start + (start − end)/steps, above the start; None a TypeError of
        # '>=', True the rate of step 1, Decimal(2) a bare TypeError of '*'): checked as
        # linear_decay's own arguments are, naming it; the optimizer's own k, a plain
        # int, without the call (it made the schedule 1.7× slower)
        kind = type(k)
        if (kind is int or kind is float) and 0 <= k < _PLAIN_STEPS:
            step: float = k
        else:
            step = check_number(k, "k, the step count,", "linear_decay")
        # end itself from k = steps on (the formula gives 0.00999…5 for 0.1 → 0.01)
        if step >= self.steps:
            return self.end
        return self.start - (self.start - self.end) * step / self.steps


class NonFiniteStep(ValueError):
    """An update refused because a gradient, or the parameter it would produce, is nan or
    infinite. Nothing was changed: the parameters and the optimizer's state (momentum,
    moments, step count) are as they were before the step.

    ``index`` is the parameter's position in ``optimizer.params``; ``what`` says which
    number: ``"gradient"``, ``"parameter"``, ``"decayed gradient"`` (g + λ·W, with
    SGD's or Adam's ``weight_decay`` λ) or the name of the optimizer's own array
    (``"velocity"`` for SGD's momentum, say); ``fit`` names the parameter and adds the
    epoch and batch. Only a ``"parameter"`` is made by the learning rate: the others are
    computed without it. ``gradient``: that parameter's gradient in the refused step
    (None when not known), which fit compares with the data's scale.
    """

    def __init__(
        self, message: str, index: int, what: str, value: float, gradient: float | None = None
    ) -> None:
        super().__init__(message)
        self.index, self.what, self.value, self.gradient = index, what, value, gradient


def not_a_leaf(p: object) -> str | None:
    """What keeps ``p`` from being a parameter, as an error says it after its name ("is
    float (0.5), not a Value", "is computed (mul of its parents), not a leaf"), or None
    for a leaf Value: an optimizer's rule, which fit also asks of what a callback left
    in the model."""
    if p is None:
        return "is None, not a Value"
    if isinstance(p, (list, tuple)):  # two models' parameters joined as [a, b.parameters()]
        return (
            f"is a {type(p).__name__} of {len(p)}, not a Value: join lists of parameters "
            f"with + (a.parameters() + b.parameters())"
        )
    if not isinstance(p, Value):
        return f"is {type(p).__name__} ({shown(p)}), not a Value"
    if p.parents:
        return f"is computed ({p.op} of its parents), not a leaf"
    return None


class Optimizer(ABC):
    """Holds the parameters, the step counter k and the learning-rate rule; a subclass
    gives the update rule, :meth:`update`, and nothing else of the stepping.

    ``step()`` (parameters in Values, eager training) and ``step_arrays()`` (parameters in
    a vector, ``fit(compiled=True)``, which calls its second half, ``_checked_update``)
    all call ``update`` and check what it made. A subclass that overrode one would make
    them disagree without a word — say, a ``step()`` that clips gradients, which
    compiled training never calls — so defining one is refused when the class is created.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("step", "step_arrays", "_checked_step", "_checked_update"):
            if name in vars(cls):
                raise TypeError(
                    f"{cls.__name__} defines {name}(), which every optimizer shares (eager "
                    f"training calls step(), compiled training step_arrays() or "
                    f"_checked_update(); they and _checked_step() check and undo a bad "
                    f"step): put the rule in update(data, grad, lr), which they all call"
                )

    def __init__(self, params: Iterable[Value], lr: float | Schedule) -> None:
        where = type(self).__name__
        if isinstance(params, Module):  # list(model) said only "'MLP' object is not iterable"
            raise TypeError(
                f"{where}: params is the model itself ({type(params).__name__}); pass its "
                f"parameters: {where}(model.parameters(), …)"
            )
        if isinstance(params, Value):
            raise TypeError(f"{where}: params is one Value; pass a list of them: {where}([v], …)")
        if not isinstance(params, Iterable):
            raise TypeError(
                f"{where}: params must be the parameters to optimise, such as "
                f"model.parameters() or a list of Values; got {type(params).__name__}"
            )
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{where}: got no parameters to optimise")
        for j, p in enumerate(self.params):  # a step writes numbers into them: only a
            problem = not_a_leaf(p)  # leaf Value's number is its own
            if problem is not None:
                raise ValueError(
                    f"{where}: params[{j}] {problem}: an optimizer changes the numbers of "
                    f"leaves (Values made with Value(...))"
                )
        if not callable(lr):
            check_number(lr, "lr", where)
        self.lr = lr
        self.steps = 0

    @property
    def current_lr(self) -> float:
        """η for the next step: ``lr`` itself, or ``lr(k)`` for a schedule."""
        if callable(self.lr):
            return check_number(self.lr(self.steps), f"lr({self.steps})", type(self).__name__)
        # checked here too, not only by the constructor: ``opt.lr = -0.5`` between two fit
        # calls would otherwise climb the loss, step after step, without a word
        return check_number(self.lr, "lr", type(self).__name__)

    @property
    def last_lr(self) -> float:
        """η of the last step taken (of the next one, before any step): what a record of
        training reports. Asking a schedule for ``lr(steps)`` would ask for a step that
        may never come — past the end of a table of rates, say."""
        if callable(self.lr):
            k = max(self.steps - 1, 0)
            return check_number(self.lr(k), f"lr({k})", type(self).__name__)
        return check_number(self.lr, "lr", type(self).__name__)

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0.0 (gradients accumulate across backward
        calls) and drop its ``grad_graph``, as ``Module.zero_grad`` does: after a
        ``backward(create_graph=True)`` it holds the step's whole graph."""
        zero_grads(self.params)

    def step(self) -> None:
        """Apply one update with the current gradients, then advance k.

        All or nothing, even when Ctrl-C arrives in the middle: the new numbers are
        written into the Values inside the step's undo block, and an interrupt anywhere
        before the step is counted puts back the numbers the Values held, all of them
        or none (:func:`~autograd_mini.value.write_data`)."""
        params = self.params
        old = list(map(get_data, params))
        data = np.fromiter(old, np.float64, count=len(old))
        grad = np.fromiter(map(get_grad, params), np.float64, count=len(params))
        self._checked_step(data, grad, None, (params, old))

    def step_arrays(self, data: Array, grad: Array, largest: float | None = None) -> None:
        """The same update on numbers held in arrays aligned with ``params``: ``data`` is
        changed in place.

        A nan or infinite gradient, or an update that would make a parameter nan or
        infinite (a learning rate too large for the gradients, say), raises
        :class:`NonFiniteStep` naming the parameter, and changes nothing: the update runs in
        place and is undone (parameters, and the optimizer's state) unless every number
        it made is finite — or if ``update`` raises.

        ``largest``: a new parameter beyond ±largest is refused the same way. A float32
        replay passes float32's 3.4e38, beyond which it would read the parameter as
        infinite: the step that goes there is refused, not the next batch."""
        n = len(self.params)
        if not (type(data) is np.ndarray and data.dtype == np.float64):
            raise ValueError(
                f"{type(self).__name__}: data must be a float64 numpy array (it is updated "
                f"in place){_values_hint(data, 'data')}"
            )
        if not (type(grad) is np.ndarray and grad.dtype == np.float64):
            grad = _gradient_array(grad, type(self).__name__)
        if data.shape != (n,) or grad.shape != (n,):
            raise ValueError(
                f"{type(self).__name__}: expected arrays of shape ({n},), got {data.shape} "
                f"and {grad.shape}"
            )
        self._checked_step(data, grad, largest)

    def _checked_step(
        self, data: Array, grad: Array, largest: float | None, into: _Into | None = None
    ) -> None:
        """The gradient's check, then :meth:`_checked_update`, with numpy's overflow and
        invalid warnings off (a nan or inf is refused by name instead)."""
        with np.errstate(over="ignore", invalid="ignore"):
            if not all_finite(grad):
                self._refuse("gradient", grad, data, grad, None)
            self._checked_update(data, grad, largest, into)

    def _checked_update(
        self, data: Array, grad: Array, largest: float | None, into: _Into | None = None
    ) -> None:
        """``step_arrays`` after its checks of the arguments: the update, the check of
        what it made, the undo. For a caller whose arguments hold by construction —
        ``fit``'s compiled epoch: the replay has just checked the gradient finite, the
        loop casts it to float64 and keeps it aligned with ``params``, and numpy's
        overflow and invalid warnings are off around the call — which then saves about
        5 µs a step (22 against 17 µs on 13,002 parameters, by micro-benchmark).

        ``into``: (Values, the numbers they hold), from :meth:`step`: the new numbers are
        written into the Values as the step's last act before it is counted, and the old
        ones put back if it is undone after that. A step refused before it leaves no
        mark on the Values (a graph computed before it is not stale)."""
        lr = self.current_lr
        state = self._state()
        before = data.copy()
        written = False
        try:  # in place, undone below if anything comes out nan or infinite
            self.update(data, grad, lr)
            # the optimizer's own arrays first (a rule of one's own that sums g²
            # overflows for |g| > 1.3e154, which would silently freeze the parameter), then
            # the new parameters: an overflowing momentum makes the parameter inf too (nan
            # with lr = 0), and the momentum is the number that says why
            for name, values in self._float_arrays():
                if not all_finite(values):
                    self._refuse(name, values, before, grad, lr)
            if not all_finite(data):
                self._refuse("parameter", data, before, grad, lr)
            if largest is not None and not (-largest <= data.min() and data.max() <= largest):
                self._refuse("parameter", data, before, grad, lr, largest)
            if into is not None:
                written = True  # first: an interrupt inside the write must undo it
                write_data(into[0], data.tolist())
            self.steps += 1  # in the try: Ctrl-C before it undoes the whole step
        except BaseException:
            # the arrays and the state first: a refusal (or an error in update) comes
            # before the Values are written, and Ctrl-C landing in this block must not
            # keep the refused step's momentum; the Values need putting back only when
            # the interrupt itself came after their write (putting them back marks them
            # written: a graph computed before is refused, though its numbers are back)
            data[:] = before
            self.__dict__.update(state)  # momentum, moments and k as before the step
            if into is not None and written:  # one C-level loop, which Ctrl-C cannot split
                write_data(*into)
            raise

    def _refuse(
        self,
        what: str,
        values: Array,
        data: Array,
        grad: Array,
        lr: float | None,
        largest: float | None = None,
    ) -> None:
        """Raise :class:`NonFiniteStep` for the first nan or infinite entry of ``values``,
        or with ``largest``, the first beyond ±largest (``data``: the parameters before
        the step)."""
        where = type(self).__name__
        if lr is not None:  # the step ran: a decayed gradient g + λ·W (λ·W overflows for
            # a large weight and λ) makes what it fed nan or infinite, and is the cause
            _refuse_decayed(self, grad, data, self._weight_decay())
        bad = ~np.isfinite(values) if largest is None else np.abs(values) > largest
        i = int(np.argmax(bad))
        label = self.params[i].label or "unlabelled"
        if lr is None:  # the gradient itself
            message = f"{where}: gradient of parameter {i} ({label}) is {float(grad[i])!r}"
        else:
            thing = f"parameter {i} ({label})" if what == "parameter" else f"{what}[{i}]"
            beyond = "" if largest is None else f", beyond ±{largest:.3g},"
            message = (
                f"{where}: the step would make {thing} {float(values[i])!r}{beyond} (parameter "
                f"{float(data[i])!r}, gradient {float(grad[i])!r}, lr {lr!r}); nothing "
                f"was changed"
            )
        raise NonFiniteStep(message, i, what, float(values[i]), float(grad[i]))

    def _weight_decay(self) -> float:
        """λ of the L2 term the update adds to the gradient, g + λ·W (0: none): a step
        refused as non-finite is first asked whether g + λ·W was (the error then names
        it, not the momentum or parameter it made infinite)."""
        return 0.0

    def _state(self) -> dict[str, Any]:
        """A copy of the attributes an update may change (arrays copied, also inside
        dicts, lists and tuples, since an update may change them in place), so that a
        refused step can be undone."""
        state = dict(vars(self))  # one C call; then a plain loop (no comprehension frame:
        # this runs at every step, about 1 µs less)
        for k, v in state.items():
            if isinstance(v, np.ndarray) or (type(v) in _CONTAINERS and k != "params"):
                state[k] = _rebuilt(v, np.ndarray.copy)
        return state

    def parameter_arrays(self) -> list[str]:
        """Where the optimizer holds one float per parameter, aligned with ``params``
        (SGD's ``velocity``, Adam's ``m`` and ``rms``; ``"state['v']"`` for one kept in a
        dict): checked for nan and infinity after every update."""
        return [label for label, _ in self._float_arrays()]

    def _float_arrays(self) -> list[tuple[str, Array]]:
        """(label, array) of each float array of shape (len(params),) held as an
        attribute or inside a dict, list or tuple attribute."""
        n = len(self.params)
        found: list[tuple[str, Array]] = []
        for k, v in vars(self).items():  # a plain loop: asked at every step
            if isinstance(v, np.ndarray) or (type(v) in _CONTAINERS and k != "params"):
                _collect_floats(v, k, n, found)
        return found

    def _in_order(self, perm: npt.NDArray[np.intp]) -> dict[str, Any]:
        """The attributes but ``params``, every axis of length len(params) of every
        array taken in the order ``perm`` (``new[i] = old[perm[i]]``), inside dicts,
        lists and tuples too: compiled training lists SGD's and Adam's parameters in its
        own order during an epoch, and their per-parameter arrays (``velocity``, ``m``,
        ``rms``) must follow them. New containers: nothing is changed in place, so the
        caller sets them all in one ``dict.update``.

        Only for those two, whose state is known: any array with an axis of length
        len(params) is taken for per-parameter state here, and a Python list is left as
        it is; an optimizer of the user's could hold either kind of state in either
        form (a list of per-parameter scales; a history that happens to have
        len(params) entries), so compiled training never reorders one — it hands its
        rule the parameters in ``params``' order instead."""
        n = len(self.params)

        def take(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
            for axis, size in enumerate(a.shape):
                if size == n:
                    a = a.take(perm, axis=axis)
            return a

        return {k: _rebuilt(v, take) for k, v in vars(self).items() if k != "params"}

    @abstractmethod
    def update(self, data: Array, grad: Array, lr: float) -> None:
        """The update rule, on whole vectors: move ``data`` (one float per parameter, in
        the order of ``params``) in place, given the gradients ``grad`` and the learning
        rate ``lr`` = η of this step.

        This is the one method an optimizer defines. ``data`` and ``grad`` are always in
        the order of ``params``, eager or compiled (compiled training runs only SGD's and
        Adam's own rules in its own order of the parameters, reordering their arrays
        with them; any other rule, a subclass's too, is handed its parameters gathered
        into ``params``' order), so per-parameter state (momentum, moments, masks,
        counts, scales) may be kept in any form, aligned with ``params``: numpy arrays,
        dicts, Python lists. Kept as float numpy arrays of shape (len(params),), as
        attributes or in dicts, lists or tuples held by them, and assigned or changed
        here, it is also checked: a step that would make a parameter or such an array
        nan or infinite is refused and undone for you (a Python list is restored when a
        step is undone, but its numbers are not checked).
        ``self.steps`` is k, the number of steps already taken (0 at the first update);
        the step advances it after the update.
        """


class SGD(Optimizer):
    """Gradient descent: W ← W − η·(∂C/∂W + λ·W), optionally with momentum μ.

    With momentum a velocity v ← μ·v + g accumulates past gradients and W ← W − η·v
    (``velocity``, an array with momentum; None without, where there is none to keep).
    ``weight_decay`` λ adds the gradient of the L2 term λ/2·ΣW² to every parameter it
    is given, biases too. An optimizer given only ``model.weights()`` does not train the
    biases at all (they keep their starting values): to decay the weights alone, give it
    every parameter and ``fit`` ``l2=λ``, the same λ·W on the weights' gradients only.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 0.1,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.momentum, self.weight_decay = momentum, weight_decay
        self._check_settings()
        # without momentum no velocity: nothing to copy and check at every step
        self.velocity = np.zeros(len(self.params)) if self.momentum else None

    def _check_settings(self) -> None:
        """μ and λ, checked where they are given: by the constructor, and at each step for
        one set by hand between two fit calls (``opt.momentum = 1.5`` would grow the
        velocity without bound, without a word)."""
        self.momentum = check_number(self.momentum, "momentum", "SGD", high=1.0)
        self.weight_decay = check_number(self.weight_decay, "weight_decay", "SGD")

    def _weight_decay(self) -> float:
        return self.weight_decay

    def update(self, data: Array, grad: Array, lr: float) -> None:
        self._check_settings()
        g = grad + self.weight_decay * data if self.weight_decay else grad
        if self.momentum:
            v = self.velocity if self.velocity is not None else np.zeros(len(self.params))
            self.velocity = g = self.momentum * v + g
        data -= lr * g


#: Adam's ε from which the fast rule for √v is exact enough whatever the gradient: below
#: it, a gradient whose square underflows (|g| < 1.5e-154) is computed by np.hypot.
SAFE_EPS = 1e-100


class Adam(Optimizer):
    """Adam: per-parameter steps scaled by running gradient moments.

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),
    W ← W − η·m̂/(√v̂ + ε). Dividing by √v̂ makes the step size nearly independent of the
    gradient's scale, which is why Adam needs little tuning of η.

    ``weight_decay`` λ is the gradient of the L2 term λ/2·ΣW², added to g before the
    moments (g ← g + λ·W, as PyTorch's ``Adam`` does; not AdamW's decoupled
    W ← W − η·λ·W, whose pull is not divided by √v̂ + ε), on every parameter it is given,
    biases too (to decay the weights alone: every parameter here, and ``fit(l2=λ)``, as
    :class:`SGD` says; an optimizer given only ``model.weights()`` never moves a bias).

    The optimizer keeps ``rms`` = √v (the gradients' running root mean square, before
    bias correction), not v: g² overflows a float beyond |g| = 1.3e154 and underflows
    below 1.5e-154, where √v — between 0 and the largest |g| — never does, so every
    finite gradient takes the step the formulas give (the first one is η·g/(|g| + ε):
    −0.001 for g = 1e-170 with η = 0.001 and ε = 1e-300, or g = 1e200). ``v`` reads as
    ``rms²`` (which may itself be inf or 0 then) and may be set: ``rms`` becomes √v.

    √v ← √(β₂·rms² + (1−β₂)·g²) in numpy's plain arithmetic, and by ``np.hypot`` (about
    15 times slower) for the entries where that overflows — and, with ε below
    :data:`SAFE_EPS`, where it underflows: with ε ≥ 1e-100 the digits an underflow loses
    change √v̂ by less than 1e-137, far below an ulp of √v̂ + ε.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float | Schedule = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self._check_settings()
        self.m = np.zeros(len(self.params))
        self.rms = np.zeros(len(self.params))

    @property
    def v(self) -> Array:
        """The second moment v = ``rms²`` (a new array: changing it changes nothing); inf
        where |rms| > 1.3e154, 0 where rms < 1.5e-154."""
        with np.errstate(over="ignore", under="ignore"):
            return self.rms * self.rms

    @v.setter
    def v(self, value: Any) -> None:
        self.rms = np.sqrt(np.asarray(value, dtype=np.float64))

    def _check_settings(self) -> None:
        """β₁, β₂, ε and λ, checked where they are given: by the constructor, and at each
        step for one set by hand between two fit calls."""
        betas: Any = self.betas  # as set: by hand too, between two fit calls
        eps = self.eps
        if isinstance(betas, np.ndarray) and betas.shape == (2,):  # np.array([0.9, 0.999])
            betas = betas.tolist()
        if isinstance(betas, (str, bytes)) or not isinstance(betas, Sequence) or len(betas) != 2:
            raise ValueError(
                f"Adam: betas must be a pair (beta1, beta2) — a tuple, list or array of two "
                f"numbers — got {betas!r}"
            )
        b1 = check_number(betas[0], "beta1", "Adam", high=1.0)
        b2 = check_number(betas[1], "beta2", "Adam", high=1.0)
        self.betas = (b1, b2)
        self.eps = check_number(eps, "eps", "Adam")
        if self.eps == 0.0:  # m̂/√v̂ is 0/0 = nan for a parameter whose gradient is 0
            raise ValueError(f"Adam: eps must be > 0 (it keeps m̂/(√v̂ + ε) finite), got {eps!r}")
        self.weight_decay = check_number(self.weight_decay, "weight_decay", "Adam")

    def _weight_decay(self) -> float:
        return self.weight_decay

    def update(self, data: Array, grad: Array, lr: float) -> None:
        self._check_settings()
        b1, b2 = self.betas
        t = self.steps + 1
        c1 = 1.0 - b1**t
        c2 = 1.0 - b2**t
        g = grad + self.weight_decay * data if self.weight_decay else grad
        self.m = b1 * self.m + (1.0 - b1) * g
        rms = self.rms
        square = g * g  # (1−β₂)·g² + β₂·rms², in place: each pass writes no new array
        square *= 1.0 - b2
        kept = rms * rms
        kept *= b2
        square += kept
        # entries whose square left the floats: none, almost always (one max to know)
        if self.eps >= SAFE_EPS:
            redo = None if square.max() < math.inf else np.isinf(square)
        else:  # an underflow matters too: recompute every square below the normal floats
            redo = ~((square >= _NORMAL) & (square < math.inf))
        new = np.sqrt(square, out=square)
        if redo is not None and redo.any():
            i = np.flatnonzero(redo)
            new[i] = np.hypot(math.sqrt(b2) * rms[i], math.sqrt(1.0 - b2) * np.abs(g[i]))
        self.rms = new
        # η·m̂/(√v̂ + ε), with √v̂ = rms/√(1−β₂ᵗ)
        denominator = new * (1.0 / math.sqrt(c2))
        denominator += self.eps
        # m/(√v̂ + ε) first, then times η/(1−β₁ᵗ), as PyTorch's addcdiv: the ratio is
        # about 1 however large the gradient; m·η first overflowed at a finite gradient
        # (1e308 at lr = 32) and refused a step of about η
        move = self.m / denominator
        move *= lr / c1
        data -= move


_NORMAL = 2.0**-1000
"""Somewhat above the smallest normal float (2**-1022): a sum of squares below it may have
lost digits to underflow."""


def _refuse_decayed(opt: Optimizer, grad: Array, data: Array, weight_decay: float) -> None:
    """:class:`NonFiniteStep` naming the first parameter for which g + λ·W is not finite
    (``data``: the parameters before the step), if any: the step made that parameter inf
    — or nan, with lr = 0 — and the learning rate would seem the cause. Asked only of a
    refused step (a check of g + λ·W at every step was a pass over every parameter)."""
    if not weight_decay:
        return
    g = grad + weight_decay * data
    if all_finite(g):
        return
    i = int(np.argmax(~np.isfinite(g)))
    where, label = type(opt).__name__, opt.params[i].label or "unlabelled"
    raise NonFiniteStep(
        f"{where}: the gradient plus weight decay, g + λ·W, of parameter {i} ({label}) "
        f"is {float(g[i])!r} (gradient {float(grad[i])!r}, parameter {float(data[i])!r}, "
        f"weight_decay {weight_decay!r}); nothing was changed",
        i,
        "decayed gradient",
        float(g[i]),
    )


def _gradient_array(grad: Any, who: str) -> Array:
    """``grad`` (step_arrays') as a float64 array, or a ValueError naming ``who`` and the
    entry: numpy's conversion read True as a gradient of 1 and "0.5" as 0.5, and said
    "could not convert string to float" for "a", and of a complex one nothing of whose
    argument it was."""
    if isinstance(grad, (list, tuple)):  # each entry, before numpy makes [0.5, True] floats
        for i, v in enumerate(grad):
            _gradient_entry(v, i, who)
    try:
        raw = np.asarray(grad)
    except ValueError as exc:  # rows of different lengths
        raise ValueError(f"{who}: grad must be a flat array of numbers ({exc})") from None
    kind = raw.dtype.kind
    if kind == "b":
        raise ValueError(f"{who}: grad holds booleans; a gradient is real numbers (1.0, not True)")
    if kind == "c":
        raise ValueError(f"{who}: grad holds complex numbers; a gradient is real numbers")
    if kind not in "fiu":  # strings, objects (Fractions, None, big ints)
        for i, v in enumerate(as_lists(raw.ravel())):  # a duration's kept: tolist() made ints
            _gradient_entry(v, i, who)
    return raw.astype(np.float64)


def _values_hint(x: Any, name: str) -> str:
    """What a message of step_arrays adds when its ``name`` argument ``x`` holds Values
    (the parameters themselves, say): step() is the update of Values; else nothing."""
    if not isinstance(x, (list, tuple, np.ndarray)) or not any(
        isinstance(v, Value) for v in (x.ravel().tolist() if isinstance(x, np.ndarray) else x)
    ):
        return ""
    return (
        f"; {name} holds Values: step_arrays updates numbers kept in arrays (compiled "
        f"training's); for Values call step(), which reads each parameter's data and grad "
        f"and writes the new data into it (set p.grad first to step with gradients of "
        f"your own)"
    )


def _gradient_entry(v: Any, i: int, who: str) -> None:
    """A ValueError naming ``grad[i]`` unless ``v`` is a real number a float holds."""
    refuse_masked(v, f"{who}: grad[{i}]")  # (item() gave the number under the mask)
    v = scalar_of(v)  # (not item(): a 0-d duration's is an int, stepped with)
    if isinstance(v, Value):
        raise ValueError(f"{who}: grad[{i}] is {shown(v)}, not a number{_values_hint([v], 'grad')}")
    if not is_number(v):
        also = " (a bool is not a gradient of 1)" if isinstance(v, (bool, np.bool_)) else ""
        raise ValueError(
            f"{who}: grad[{i}] is {shown(v)}, not a real number{also}{not_real_hint(v)}"
        )
    try:
        float(v)
    except OverflowError:  # an int beyond any float, 10**400
        raise ValueError(f"{who}: grad[{i}] is {shown(v)}, beyond a float") from None
