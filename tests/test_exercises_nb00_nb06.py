"""The "your turn" checks of notebooks 00 and 06 say what is wrong, and accept the solutions.

For every check: the notebook's own stub (raising ``NotImplementedError``) returns False
with a reminder; each wrong answer below raises ``Mistake`` whose message names the
entry that is wrong; the solution cell from ``notebooks/solutions/`` prints ``✓``.

The exercise, wrong and solution cells run in the namespace the notebook gives them:
the notebook's code cells up to its first exercise are executed once per module, with
``notebooks/`` as the working directory, exactly as a student's kernel would. The Chinese
notebooks run the same code cells (tests/test_zh_notebooks.py), so this namespace with the
Chinese copy of ``nb00`` / ``nb06`` in place of the English one is what a Chinese student's
kernel holds: every case is run in both editions as well (tests/editions.py).
"""

from __future__ import annotations

import linecache
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import editions
import pytest
from exercise_cases import assert_told, prelude, raised

jupytext = pytest.importorskip("jupytext")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NB00 = "00_build_your_own_value"
NB06 = "06_gradient_checking_and_second_derivatives"


def _tagged(path: Path, prefix: str) -> dict[str, str]:
    """Sources of the cells tagged ``prefix:<id>``, by id."""
    cells = jupytext.read(path).cells
    found: dict[str, str] = {}
    for cell in cells:
        for tag in cell.metadata.get("tags", []):
            if tag.startswith(prefix + ":"):
                found[tag.split(":", 1)[1]] = cell.source
    return found


@pytest.fixture(scope="module")
def nb00() -> Iterator[dict[str, Any]]:
    yield prelude(NB00)


@pytest.fixture(scope="module")
def nb06() -> Iterator[dict[str, Any]]:
    yield prelude(NB06)


def _run(namespace: dict[str, Any], source: str, call: str) -> Any:
    """Execute an answer cell in the notebook's namespace, then the check cell ``call``.
    The cell's source is kept in linecache under its name, as IPython keeps a cell's: a
    check that reads the line that failed (hessian_shape's) finds it there."""
    _keep_source("<answer cell>", source)
    exec(compile(source, "<answer cell>", "exec"), namespace)
    return eval(call, namespace)


def _keep_source(filename: str, source: str) -> None:
    """Put ``source`` in linecache under ``filename``, as IPython puts a cell's code."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


# (exercise id, the check cell's call)
CHECKS_00 = {"exp": "nb00.check_exp(Value)", "pow": "nb00.check_pow(Value)"}
CHECKS_06 = {
    "second_difference": "nb06.check_second_difference(second_difference)",
    "softplus_derivative": "nb06.check_softplus_derivative(softplus_derivative)",
    "newton": "nb06.check_newton(newton)",
}

_EXP = """
@add_to_class(Value)
def exp(self):
    e = {forward}
    out = Value(e, (self,), "exp")

    def _backward():
        self.grad {assign} {local} * out.grad

    out._backward = _backward
    return {result}
"""

_POW = """
@add_to_class(Value)
def __pow__(self, k):
    out = Value({forward}, (self,), "**")

    def _backward():
        self.grad {assign} {local} * out.grad

    out._backward = _backward
    return out
"""


def _exp(
    forward: str = "math.exp(self.data)", assign: str = "+=", local: str = "e", result: str = "out"
) -> str:
    return _EXP.format(forward=forward, assign=assign, local=local, result=result)


def _pow(
    forward: str = "self.data**k", assign: str = "+=", local: str = "k * self.data**(k - 1)"
) -> str:
    return _POW.format(forward=forward, assign=assign, local=local)


# (exercise id, a wrong answer, what the Mistake's message must name)
WRONG_00 = [
    ("exp", _exp(assign="="), "∂/∂x (e^x · x) at x = 0.8"),
    ("exp", _exp(local="self.data"), "∂/∂x e^x at x = 0.8"),
    ("exp", _exp(forward="math.exp(self.data) + 1"), "Value(0.8).exp().data"),
    ("exp", _exp(result="e"), "Value(0.8).exp(): expected a Value"),
    ("pow", _pow(local="k * self.data**k"), "∂/∂x x**3 at x = 1.5"),
    ("pow", _pow(assign="="), "∂/∂x (x**2 · x) at x = 1.5"),
    ("pow", _pow(forward="self.data * k"), "(Value(1.5) ** 3).data"),
    ("pow", _pow(local="k * abs(self.data)**(k - 1)"), "∂/∂x (3 · x**-2) at x = −0.5"),
    # an error inside the student's method: named with the call, not "forgot to return?"
    ("exp", _exp(forward="math.log(-self.data)"), "Value(0.8).exp(): raised ValueError"),
    ("pow", _pow(local="math.log(-self.data)"), "∂/∂x x**3 at x = 1.5 (3x²): raised ValueError"),
    # what the result is, when it is not the notebook's Value: "expected a Value, got None",
    # and "expected a Value, got Value(data=2.2255…)" for autograd_mini's Value
    ("exp", _exp(result="None"), "got None: does the method end with 'return out'?"),
    ("exp", _exp(result="e"), "got the number 2.225540928492468: return the node 'out'"),
    (
        "exp",
        "@add_to_class(Value)\ndef exp(self):\n    return am.Value(self.data).exp()\n",
        "Value(0.8).exp(): expected a node of this notebook's own Value class, got "
        "autograd_mini's Value (.data = 2.225540928)",
    ),
    # the input left out of the node: "∂/∂x e^(x·x) … expected -1.72, got 0", as if the
    # chain rule were wrong
    (
        "exp",
        _exp().replace("(self,)", "()"),
        "Value(0.8).exp(): the result does not record its input: its _prev is ()",
    ),
    (
        "pow",
        _pow().replace("(self,)", "()"),
        "Value(1.5) ** 3: the result does not record its input: its _prev is ()",
    ),
    # x^(k−1) as out.data/x: right wherever x ≠ 0, and passed while no case had x = 0,
    # although (Value(0.0)**2).backward() raised ZeroDivisionError (in numpy: nan)
    (
        "pow",
        _pow(local="k * out.data / self.data"),
        "∂/∂x x**2 at x = 0 (2x = 0): backward() raised ZeroDivisionError: the local "
        "derivative divides by x (k·out.data/self.data?), and x = 0 here",
    ),
    (
        "pow",
        _pow(local="k * __import__('numpy').float64(out.data) / self.data"),
        "∂/∂x x**2 at x = 0 (2x = 0): expected 0, got nan: does the local derivative divide",
    ),
    # a local derivative written with the node out (or self) where its number is due:
    # x.grad became a node, and the check's own float(x.grad) stopped it with a TypeError
    (
        "exp",
        _exp(local="out"),
        "∂/∂x e^x at x = 0.8: x.grad is a Value node, not a number: _backward added a node "
        "to self.grad",
    ),
    (
        "pow",
        _pow(local="k * self ** (k - 1)"),
        "∂/∂x x**3 at x = 1.5 (3x²): x.grad is a Value node, not a number",
    ),
    # the closure called where it is stored: "raised TypeError: 'NoneType' object is not
    # callable"
    (
        "exp",
        _exp().replace("out._backward = _backward", "out._backward = _backward()"),
        "Value(0.8).exp(): the result's _backward is None: was it set to '_backward()'",
    ),
]

# a right Newton's method, returning ``items`` made of its iterates xs
_NEWTON = (
    "def newton(f, x0, steps):\n"
    "    df, d2f = grad(f), grad(grad(f))\n"
    "    xs = [x0]\n"
    "    for _ in range(steps):\n"
    "        xs.append(xs[-1] - df(xs[-1]) / d2f(xs[-1]))\n"
    "    return {items}\n"
)

WRONG_06 = [
    (
        "second_difference",
        "def second_difference(f, x, h):\n    return (f(x + h) - f(x - h)) / h**2\n",
        "second_difference(f, 1.5, 0.001) for f = x³",
    ),
    (
        "second_difference",
        "def second_difference(f, x, h):\n"
        "    return (f(x + h) - 2 * f(x) + f(x - h)) / (2 * h) ** 2\n",
        "second_difference(f, 1.5, 0.001) for f = x³",
    ),
    (
        "second_difference",
        "def second_difference(f, x, h):\n    return (f(x + h) - 2 * f(x) + f(x - h)) / (h - h)\n",
        "for f = x³ at x = 1.5: raised ZeroDivisionError",
    ),
    (
        "softplus_derivative",
        "def softplus_derivative(x, s):\n    return s\n",
        "gradcheck of softplus at x = -3.0 failed: your derivative gives 0.04858735157, "
        "where the derivative of ln(1 + eˣ) is 0.04742587318; central differences give "
        "0.04742587318 (that is softplus itself, s = ln(1 + eˣ), not its derivative)",
    ),
    (
        "softplus_derivative",  # within gradcheck's rtol, caught by the value check
        "def softplus_derivative(x, s):\n    return (1 + 1e-5) / (1 + math.exp(-x))\n",
        "softplus_derivative(-3.0, 0.0485874)",
    ),
    (
        "newton",
        "def newton(f, x0, steps):\n"
        "    xs = [x0]\n"
        "    for _ in range(steps):\n"
        "        xs.append(xs[-1] - grad(f)(xs[-1]))\n"
        "    return xs\n",
        "newton(f, 2.0, 1) for f = x⁴ − 2x²: iterate x1",
    ),
    (
        "newton",
        "def newton(f, x0, steps):\n"
        "    xs = [x0]\n"
        "    for _ in range(steps):\n"
        "        xs.append(xs[-1] + grad(f)(xs[-1]) / grad(grad(f))(xs[-1]))\n"
        "    return xs\n",
        "newton(f, 2.0, 1) for f = x⁴ − 2x²: iterate x1",
    ),
    (
        "newton",
        "def newton(f, x0, steps):\n"
        "    xs = []\n"
        "    x = x0\n"
        "    for _ in range(steps):\n"
        "        x = x - grad(f)(x) / grad(grad(f))(x)\n"
        "        xs.append(x)\n"
        "    return xs\n",
        "newton(f, 2.0, 1) for f = x⁴ − 2x²: expected 2 iterates x0 … x1, got 1",
    ),
    # the iterates as strings, or as Values: float() took "1.4545…" and a Value's .data
    (
        "newton",
        _NEWTON.format(items="[str(x) for x in xs]"),
        "newton(f, 2.0, 1) for f = x⁴ − 2x²: iterate x0: expected a number, got '2.0'",
    ),
    (
        "newton",
        _NEWTON.format(items="[Value(x) for x in xs]"),
        "iterate x0: expected a number, got a Value node whose .data = 2 is the expected",
    ),
    (
        "newton",
        "def newton(f, x0, steps):\n    return x0\n",
        "newton(f, 2.0, 1) for f = x⁴ − 2x²: expected a list of 2 numbers, got one number, 2: "
        "return the list [x0, x1] of every iterate, x0 included",
    ),
]


def _namespace(request: pytest.FixtureRequest, exercise: str) -> tuple[dict[str, Any], str]:
    if exercise in CHECKS_00:
        return request.getfixturevalue("nb00"), CHECKS_00[exercise]
    return request.getfixturevalue("nb06"), CHECKS_06[exercise]


def test_every_exercise_has_a_check_a_solution_and_wrong_answers() -> None:
    for name, checks, wrong in ((NB00, CHECKS_00, WRONG_00), (NB06, CHECKS_06, WRONG_06)):
        exercises = _tagged(NOTEBOOKS / f"{name}.py", "exercise")
        solutions = _tagged(NOTEBOOKS / "solutions" / f"{name}.py", "solution")
        assert sorted(exercises) == sorted(checks) == sorted(solutions), name
        assert len(exercises) >= 2, name
        assert {e for e, _, _ in wrong} == set(exercises), name


@pytest.mark.parametrize("exercise", [*CHECKS_00, *CHECKS_06])
def test_the_stub_returns_false_with_a_reminder(
    exercise: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace, call = _namespace(request, exercise)
    name = NB00 if exercise in CHECKS_00 else NB06
    stub = _tagged(NOTEBOOKS / f"{name}.py", "exercise")[exercise]
    assert "NotImplementedError" in stub
    assert editions.verdict(_run(namespace, stub, call)) is False
    assert "not written yet" in capsys.readouterr().out


@pytest.mark.parametrize("exercise", [*CHECKS_00, *CHECKS_06])
def test_the_solution_passes(
    exercise: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace, call = _namespace(request, exercise)
    name = NB00 if exercise in CHECKS_00 else NB06
    solution = _tagged(NOTEBOOKS / "solutions" / f"{name}.py", "solution")[exercise]
    assert editions.verdict(_run(namespace, solution, call)) is True
    assert capsys.readouterr().out.startswith("✓ ")


@pytest.mark.parametrize(
    ("exercise", "answer", "entry"),
    WRONG_00 + WRONG_06,
    ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(WRONG_00 + WRONG_06)],
)
def test_a_wrong_answer_is_a_mistake_naming_the_entry(
    exercise: str, answer: str, entry: str, request: pytest.FixtureRequest
) -> None:
    namespace, call = _namespace(request, exercise)
    assert_told(lambda lang: _said(lang, namespace, answer, call), {"en": entry})


def _said(lang: str, namespace: dict[str, Any], source: str, call: str) -> str:
    """The Mistake an answer cell and its check cell ``call`` raise in edition ``lang``,
    run in ``namespace`` with that edition's ``nbNN``: its message."""
    module = call.split(".")[0]
    here = {**namespace, module: editions.module(lang, module)}
    return raised(lang, lambda: _run(here, source, call))


def _in_both(
    namespace: dict[str, Any], source: str, call: str, capsys: pytest.CaptureFixture[str]
) -> str:
    """Run an answer and its check cell with each edition's ``nbNN``; the common verdict."""
    module = call.split(".")[0]

    def run(package: Any) -> Any:
        here = {**namespace, module: editions.module(package.LANGUAGE, module)}
        return _run(here, source, call)

    return editions.both(run, capsys)


@pytest.mark.parametrize("exercise", [*CHECKS_00, *CHECKS_06])
def test_the_chinese_edition_gives_the_same_verdict_in_chinese(
    exercise: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace, call = _namespace(request, exercise)
    name = NB00 if exercise in CHECKS_00 else NB06
    stub = _tagged(NOTEBOOKS / f"{name}.py", "exercise")[exercise]
    solution = _tagged(NOTEBOOKS / "solutions" / f"{name}.py", "solution")[exercise]
    assert _in_both(namespace, stub, call, capsys) == "not written"
    assert _in_both(namespace, solution, call, capsys) == "passed"
    for wrong_exercise, answer, _ in WRONG_00 + WRONG_06:
        if wrong_exercise == exercise:
            assert _in_both(namespace, answer, call, capsys) == "mistake", answer


def test_the_second_difference_allows_for_its_own_rounding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """(f(x+h) − 2f(x) + f(x−h))/h² loses about 4ε|f|/h² to rounding (notebook 06 says so):
    1e-7 relative at h = 1e-4. The check compared at 1e-9, so the same formula with its
    terms in another order was refused, with a hint at float32 it had not used. A wrong
    formula is still refused, without that hint; an answer that is a float32 number is
    told so."""
    import numpy as np

    right = [
        "(f(x + h) + f(x - h) - 2 * f(x)) / h**2",
        "((f(x + h) - f(x)) - (f(x) - f(x - h))) / (h * h)",
        "(f(x - h) - 2 * f(x) + f(x + h)) * (1 / h) ** 2",
    ]
    wrong = [
        "(f(x + h) + f(x - h) - 2 * f(x)) / h",  # /h, not /h²
        "(f(x + h) - 2 * f(x) - f(x - h)) / h**2",  # a sign
        "(f(x + h) - 2 * f(x) + f(x - h)) / (2 * h**2)",
    ]
    single = "(F(f(x + h)) - 2 * F(f(x)) + F(f(x - h))) / F(h) ** 2"
    call = "nb06.check_second_difference(second_difference)"
    for body in [*right, *wrong, single]:
        source = f"def second_difference(f, x, h):\n    return {body}\n"
        namespace = {"F": np.float32}
        verdict = _in_both(namespace, source, call, capsys)
        assert verdict == ("passed" if body in right else "mistake"), body
        if body in right:
            continue
        for lang in editions.LANGS:
            said = _said(lang, namespace, source, call)
            assert said.startswith("second_difference(f, 1.5, 0.001)"), said
            assert ("float32" in said) == (body == single), said


# Answers that do not use the h they are given: right at every small step (x³'s second
# difference is 6x whatever the step), so the check accepted them while its cases were
# x³, and sin and eˣ at h = 1e-4.
IGNORING_H = {
    "a step of its own": "(f(x + 1e-3) - 2 * f(x) + f(x - 1e-3)) / 1e-6",
    "half the step": "(f(x + h / 2) - 2 * f(x) + f(x - h / 2)) / (h / 2) ** 2",
}


@pytest.mark.parametrize("body", IGNORING_H.values(), ids=IGNORING_H.keys())
def test_a_second_difference_that_ignores_h_is_refused(
    body: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """eˣ at x = 0.3 with h = 0.5: the second difference is eˣ·(2 sinh(h/2)/h)², 2 % above
    f''(0.3) = e^0.3; an answer with a step of its own gives f'' (and is told so), one with
    h/2 gives something in between."""
    source = f"def second_difference(f, x, h):\n    return {body}\n"
    call = "nb06.check_second_difference(second_difference)"
    assert _in_both({}, source, call, capsys) == "mistake"
    said = _said("en", {}, source, call)
    assert said.startswith("second_difference(f, 0.3, 0.5) for f = eˣ at x = 0.3"), said
    assert "expected 1.378216266" in said, said
    assert ("does your code use the h" in said) == (body == IGNORING_H["a step of its own"])


def test_a_first_derivative_for_the_second_is_told_by_its_number() -> None:
    """x³ at x = 2 has f' = f'' = 12: a centred first difference read "expected 12, got
    12.000001", like rounding. At x = 1.5, f' = 6.75 and f'' = 9."""
    source = "def second_difference(f, x, h):\n    return (f(x + h) - f(x - h)) / (2 * h)\n"
    said = _said("en", {}, source, "nb06.check_second_difference(second_difference)")
    assert said.startswith("second_difference(f, 1.5, 0.001) for f = x³ at x = 1.5"), said
    assert "expected 9, got 6.750001" in said, said


def test_the_second_difference_s_expected_values_are_its_exact_values() -> None:
    """The check's closed forms against the second difference itself evaluated with 50
    digits (mpmath) at the same binary x and h: they agree to rounding, and at the large
    steps they are far from f''."""
    mpmath = pytest.importorskip("mpmath")
    nb06 = editions.module("en", "nb06")
    functions = {"x³": lambda t: t**3, "sin": mpmath.sin, "eˣ": mpmath.exp}
    seconds = {"x³": lambda t: 6 * t, "sin": lambda t: -mpmath.sin(t), "eˣ": mpmath.exp}
    large = 0
    with mpmath.workdps(50):
        for name, _, _, x, h, expected, f2 in nb06._SECOND_DIFFERENCE_CASES:
            f, X, H = functions[name], mpmath.mpf(x), mpmath.mpf(h)
            exact = (f(X + H) - 2 * f(X) + f(X - H)) / H**2
            assert abs(expected - exact) <= 4e-16 * abs(exact), (name, x, h)
            assert abs(f2 - seconds[name](X)) <= 2.3e-16 * abs(f2), (name, x)
            if abs(exact - seconds[name](X)) > 1e-4 * abs(exact):
                large += 1
    assert large == 2


NEWTON_BY_DIFFERENCES = """
def newton(f, x0, steps):
    h = 1e-3

    def F(t):
        return f(Value(t)).data

    xs = [x0]
    for _ in range(steps):
        x = xs[-1]
        d1 = (F(x + h) - F(x - h)) / (2 * h)
        d2 = (F(x + h) - 2 * F(x) + F(x - h)) / h**2
        xs.append(x - d1 / d2)
    return xs
"""


def test_newton_by_finite_differences_is_told_to_use_grad(
    nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """f′ and f″ by central differences put the first iterate 1e-7 off: the check said
    "equal to about 7 digits: float32 rounding? compute in float64", where nothing was
    float32. It now says to take both with grad, in each language."""
    call = "nb06.check_newton(newton)"
    assert _in_both(nb06, NEWTON_BY_DIFFERENCES, call, capsys) == "mistake"
    words = {"en": "by finite differences", "zh": "有限差分"}
    for lang in editions.LANGS:
        said = _said(lang, nb06, NEWTON_BY_DIFFERENCES, call)
        assert "x1" in said and words[lang] in said and "grad(grad(f))" in said, said
        assert "float32" not in said, said


# exp's and x**k's backward step written as a student might: the local derivative as the
# output, recomputed, through math.e, with numpy; out.grad on either side; += or
# self.grad = self.grad + …
RIGHT_00 = {
    "exp": {
        "out.data": _exp(local="out.data"),
        "math.exp": _exp(local="math.exp(self.data)"),
        "math.e ** x": _exp(forward="math.e ** self.data", local="math.e ** self.data"),
        "out.grad first": _EXP.replace("{local} * out.grad", "out.grad * {local}").format(
            forward="math.exp(self.data)", assign="+=", local="e", result="out"
        ),
        "self.grad = self.grad + …": _exp(assign="= self.grad +"),
        "numpy": _exp(forward="float(__import__('numpy').exp(self.data))"),
    },
    "pow": {
        "k * x**(k − 1)": _pow(),
        "math.pow": _pow(forward="math.pow(self.data, k)", local="k * math.pow(self.data, k - 1)"),
        "(k * x**(k − 1)) in brackets": _pow(local="(k * self.data ** (k - 1))"),
        "x**(k − 1) * k": _pow(local="self.data ** (k - 1) * k"),
        "out.grad first": _POW.replace("{local} * out.grad", "out.grad * {local}").format(
            forward="self.data**k", assign="+=", local="k * self.data**(k - 1)"
        ),
        "numpy": _pow(local="float(k * __import__('numpy').power(self.data, k - 1))"),
    },
}

BY_DIFFERENCES_00 = {
    "exp": {
        "central, h = 1e-5": _exp(
            local="(math.exp(self.data + 1e-5) - math.exp(self.data - 1e-5)) / 2e-5"
        ),
        "central, h = 1e-7": _exp(
            local="(math.exp(self.data + 1e-7) - math.exp(self.data - 1e-7)) / 2e-7"
        ),
        "forward, h = 1e-8": _exp(local="(math.exp(self.data + 1e-8) - e) / 1e-8"),
    },
    "pow": {
        "central, h = 1e-5": _pow(
            local="((self.data + 1e-5) ** k - (self.data - 1e-5) ** k) / 2e-5"
        ),
        "central, h = 1e-6": _pow(
            local="((self.data + 1e-6) ** k - (self.data - 1e-6) ** k) / 2e-6"
        ),
    },
}


@pytest.mark.parametrize(
    ("exercise", "answer"),
    [(e, a) for e, answers in RIGHT_00.items() for a in answers.values()],
    ids=[f"{e}-{name}" for e, answers in RIGHT_00.items() for name in answers],
)
def test_notebook_00_s_rules_pass_written_any_right_way(
    exercise: str, answer: str, nb00: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _in_both(nb00, answer, CHECKS_00[exercise], capsys) == "passed"


@pytest.mark.parametrize(
    ("exercise", "answer"),
    [(e, a) for e, answers in BY_DIFFERENCES_00.items() for a in answers.values()],
    ids=[f"{e}-{name}" for e, answers in BY_DIFFERENCES_00.items() for name in answers],
)
def test_notebook_00_s_rules_by_a_finite_difference_are_told_so(
    exercise: str, answer: str, nb00: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """check_exp and check_pow compared at rel=1e-9: a central difference with h = 1e-5
    (1e-11 off) passed as the exact rule, and a forward one was told "float32 rounding?
    compute in float64". The rules are exact to rounding: the tolerance is rounding's and
    a near miss is called a finite difference, in both editions."""
    call = CHECKS_00[exercise]
    assert _in_both(nb00, answer, call, capsys) == "mistake"
    words = {"en": "a finite difference?", "zh": "有限差分"}
    for lang in editions.LANGS:
        said = _said(lang, nb00, answer, call)
        assert words[lang] in said and "float32" not in said, said


def test_a_float32_local_derivative_is_still_told_float32(nb00: dict[str, Any]) -> None:
    answer = _exp(local="float(__import__('numpy').float32(e))")
    said = _said("en", nb00, answer, CHECKS_00["exp"])
    assert "float32 rounding" in said, said


def test_notebook_00_s_tolerance_is_rounding_s_and_covers_the_right_forms(
    nb00: dict[str, Any],
) -> None:
    """nb00.rounding bounds the error of a right answer: measured against mpmath (50
    digits), each right form above, built with the notebook's own Value, uses a fraction
    of it at the check's cases; a central difference with h = 1e-5 is far outside it."""
    mpmath = pytest.importorskip("mpmath")
    rounding = editions.module("en", "nb00").rounding
    assert rounding(0.8) < 1e-14
    # (the expression, x, its derivative exactly, the exponent the bound is given)
    exp_cases: list[tuple[Any, float, Any, float]] = [
        (lambda x: x.exp(), 0.8, lambda t: mpmath.exp(t), 0.8),
        (lambda x: 2 * x.exp(), 0.8, lambda t: 2 * mpmath.exp(t), 0.8),
        (lambda x: (x * x).exp(), -0.6, lambda t: 2 * t * mpmath.exp(t * t), 0.36),
        (lambda x: x.exp() * x, 0.8, lambda t: mpmath.exp(t) * (1 + t), 0.8),
    ]
    pow_cases: list[tuple[Any, float, Any, float]] = [
        (lambda x: x**3, 1.5, lambda t: 3 * t**2, 0.0),
        (lambda x: x**-1, 1.5, lambda t: -1 / t**2, 0.0),
        (lambda x: x**0.5, 1.5, lambda t: 1 / (2 * mpmath.sqrt(t)), 0.0),
        (lambda x: 3 * x**-2, -0.5, lambda t: -6 / t**3, 0.0),
        (lambda x: x**2 * x, 1.5, lambda t: 3 * t**2, 0.0),
    ]
    with mpmath.workdps(50):
        for exercise, cases in (("exp", exp_cases), ("pow", pow_cases)):
            answers = {**RIGHT_00[exercise], **BY_DIFFERENCES_00[exercise]}
            for name, answer in answers.items():
                exec(compile(answer, "<answer cell>", "exec"), nb00)
                worst = 0.0
                for f, x0, derivative, exponent in cases:
                    x = nb00["Value"](x0)
                    f(x).backward()
                    exact = derivative(mpmath.mpf(x0))
                    error = abs(mpmath.mpf(x.grad) - exact) / abs(exact)
                    worst = max(worst, float(error / rounding(exponent)))
                if name in RIGHT_00[exercise]:
                    assert worst <= 0.25, (exercise, name, worst)
                else:
                    assert worst > 100, (exercise, name, worst)


def _bound_names(source: str) -> set[str]:
    """The names a cell binds at its top level: assigned, defined, imported, looped over."""
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


@pytest.mark.parametrize("name", [NB06, "07_forward_or_reverse"])
@pytest.mark.parametrize("folder", ["", "zh"])
def test_no_lesson_cell_rebinds_a_name_an_exercise_defines(name: str, folder: str) -> None:
    """§5 of notebook 06 kept its Newton iterates in a list called ``newton``, the name of
    exercise 3's function: a student who re-ran §5 after the exercise got "TypeError:
    'function' object is not iterable", and the check, run after §5, blamed their code
    ("raised TypeError: 'list' object is not callable"). No lesson cell (any code cell not
    an exercise) binds a name an exercise cell defines, in either edition."""
    cells = jupytext.read(NOTEBOOKS / folder / f"{name}.py").cells
    exercise: set[str] = set()
    lesson: set[str] = set()
    for cell in cells:
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        target = exercise if any(t.startswith("exercise:") for t in tags) else lesson
        # a line of IPython magic (%config, !pip) is not Python
        lines = [line for line in cell.source.splitlines() if not line.startswith(("%", "!"))]
        target |= _bound_names("\n".join(lines))
    clash = exercise & lesson
    assert exercise and not clash, clash


def test_newton_is_still_checked_after_section_5_is_run_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run the lesson, define exercise 3's solution, run every lesson cell before the
    exercises again (a student going back to §5): the check still passes."""
    namespace = prelude(NB06)
    solution = _tagged(NOTEBOOKS / "solutions" / f"{NB06}.py", "solution")["newton"]
    exec(compile(solution, "<answer cell>", "exec"), namespace)
    cwd = Path.cwd()
    sys.path.insert(0, str(NOTEBOOKS))
    os.chdir(NOTEBOOKS)
    try:
        for cell in jupytext.read(NOTEBOOKS / f"{NB06}.py").cells:
            if cell.cell_type != "code":
                continue
            if any(t.startswith("exercise:") for t in cell.metadata.get("tags", [])):
                break
            exec(compile(cell.source, "<lesson cell>", "exec"), namespace)
    finally:
        os.chdir(cwd)
        sys.path.remove(str(NOTEBOOKS))
    import matplotlib.pyplot as plt

    plt.close("all")
    assert editions.verdict(_run(namespace, "", "nb06.check_newton(newton)")) is True
    assert capsys.readouterr().out.endswith("✓ Newton's method\n")


def test_float32_newton_iterates_are_told_float32(
    nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Newton's iterates right but returned as numpy float32 were asked whether f′ or f″
    came from finite differences: the check passes float32_hint=False with its near_hint,
    and looked at the digits only. The answers' type says float32, and the check says so."""
    source = _NEWTON.format(items="[np.float32(x) for x in xs]")
    call = "nb06.check_newton(newton)"
    assert _in_both(nb06, source, call, capsys) == "mistake"
    words = {"en": "float32 rounding? compute in float64", "zh": "用了 float32 吗"}
    for lang in editions.LANGS:
        said = _said(lang, nb06, source, call)
        assert words[lang] in said and "grad(grad(f))" not in said, said


_SOFTPLUS = "def softplus_derivative(x, s):\n    return {body}\n"
# σ(x) = d/dx ln(1 + eˣ), written the ways a student might, from x or from s
SOFTPLUS_RIGHT = {
    "1/(1 + e⁻ˣ)": "1 / (1 + math.exp(-x))",
    "eˣ/(1 + eˣ)": "math.exp(x) / (1 + math.exp(x))",
    "1 − e⁻ˢ": "1 - math.exp(-s)",
    "1 − 1/eˢ": "1 - 1 / math.exp(s)",
    "(eˢ − 1)/eˢ": "(math.exp(s) - 1) / math.exp(s)",
    "−expm1(−s)": "-math.expm1(-s)",
    "e^(x − s)": "math.exp(x - s)",
    "½ + ½ tanh(x/2)": "0.5 + 0.5 * math.tanh(x / 2)",
    "numpy": "float(1 / (1 + np.exp(-x)))",
}
# the same derivative by difference quotients of ln(1 + eˣ), one step for every point
SOFTPLUS_BY_DIFFERENCES = {
    "central, h = 1e-4 (UFLDL's)": "(_sp(x + 1e-4) - _sp(x - 1e-4)) / 2e-4",
    "central, h = 1e-5": "(_sp(x + 1e-5) - _sp(x - 1e-5)) / 2e-5",
    "central, h = 1e-6": "(_sp(x + 1e-6) - _sp(x - 1e-6)) / 2e-6",
    "forward, h = 1e-8": "(_sp(x + 1e-8) - s) / 1e-8",
    "five-point, h = 2e-3": "(8 * (_sp(x + 2e-3) - _sp(x - 2e-3)) - _sp(x + 4e-3) + _sp(x - 4e-3))"
    " / 24e-3",
}
# ln(1 + eˣ), as a student's difference quotient would compute it
_SOFTPLUS_HELPERS = "def _sp(t):\n    return math.log1p(math.exp(t))\n\n\n"


@pytest.mark.parametrize("body", SOFTPLUS_RIGHT.values(), ids=SOFTPLUS_RIGHT.keys())
def test_softplus_derivative_passes_written_any_right_way(
    body: str, nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    source = _SOFTPLUS.format(body=body)
    call = CHECKS_06["softplus_derivative"]
    assert _in_both(nb06, source, call, capsys) == "passed"


@pytest.mark.parametrize(
    "body", SOFTPLUS_BY_DIFFERENCES.values(), ids=SOFTPLUS_BY_DIFFERENCES.keys()
)
def test_softplus_derivative_by_differences_is_refused(
    body: str, nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Exercise 2 asks for the derivative by hand; a central difference of ln(1 + eˣ) with
    h = 1e-5 or 1e-6 passed (rel 1e-9), and with UFLDL's h = 1e-4, which the notebook
    recommends, was asked "equal to about 7 digits: float32 rounding?". All are refused now,
    called a finite difference, in both editions."""
    source = _SOFTPLUS_HELPERS + _SOFTPLUS.format(body=body)
    call = CHECKS_06["softplus_derivative"]
    assert _in_both(nb06, source, call, capsys) == "mistake"
    words = {"en": "a finite difference?", "zh": "有限差分"}
    for lang in editions.LANGS:
        said = _said(lang, nb06, source, call)
        assert said.startswith("softplus_derivative("), said
        assert words[lang] in said and "float32" not in said, said


def test_softplus_s_tolerance_is_rounding_s_and_refuses_differences(
    nb06: dict[str, Any],
) -> None:
    """nb06.softplus_rounding bounds the error of a right answer: measured against mpmath
    (50 digits) at the check's points, each right form above uses at most a quarter of it;
    every difference quotient above misses by more than ten times it at some point."""
    mpmath = pytest.importorskip("mpmath")
    rounding = editions.module("en", "nb06").softplus_rounding
    points = (-3.0, -0.4, 0.0, 0.9, 5.0)
    with mpmath.workdps(50):
        for name, body in {**SOFTPLUS_RIGHT, **SOFTPLUS_BY_DIFFERENCES}.items():
            exec(compile(_SOFTPLUS_HELPERS + _SOFTPLUS.format(body=body), name, "exec"), nb06)
            worst = 0.0
            for x in points:
                s = nb06["math"].log1p(nb06["math"].exp(x))
                exact = 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
                error = abs(mpmath.mpf(nb06["softplus_derivative"](x, s)) - exact) / exact
                worst = max(worst, float(error / rounding(x)))
            if name in SOFTPLUS_RIGHT:
                assert worst <= 0.25, (name, worst)
            else:
                assert worst > 10, (name, worst)


# what the check said of each before gradcheck took float() of it: "stopped with TypeError"
SOFTPLUS_NOT_A_NUMBER = {
    "None": ("pass", "expected a number, got None: does the function end with 'return …'?"),
    "[σ]": ("return [1 / (1 + math.exp(-x))]", "expected a number, got [0.04742587317"),
    "a Value": (
        "return Value(x).sigmoid()",
        "expected a number, got a Value node whose .data = 0.04742587318 is the expected",
    ),
    "a string": ("return str(1 / (1 + math.exp(-x)))", "expected a number, got '0.0474258"),
}


@pytest.mark.parametrize(
    ("body", "said"), SOFTPLUS_NOT_A_NUMBER.values(), ids=SOFTPLUS_NOT_A_NUMBER.keys()
)
def test_softplus_derivative_that_is_not_a_number_is_told_what_it_is(
    body: str, said: str, nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    source = f"def softplus_derivative(x, s):\n    {body}\n"
    call = CHECKS_06["softplus_derivative"]
    assert _in_both(nb06, source, call, capsys) == "mistake"
    text = _said("en", nb06, source, call)
    assert text.startswith("softplus_derivative(-3.0, 0.0485874): " + said), text


# Newton's step written the ways a student might, df = grad(f) and d2f = grad(grad(f))
NEWTON_RIGHT = {
    "x − f′/f″": "x - df(x) / d2f(x)",
    "x − f′·(1/f″)": "x - df(x) * (1 / d2f(x))",
    "x + (−f′)/f″": "x + (-df(x)) / d2f(x)",
    "(x·f″ − f′)/f″": "(x * d2f(x) - df(x)) / d2f(x)",
}
# f″ (and f′) by difference quotients of grad(f), or a sign dropped
NEWTON_WRONG = {
    "f″ central, h = 1e-6": "x - df(x) / ((df(x + 1e-6) - df(x - 1e-6)) / 2e-6)",
    "f″ central, h = 1e-5": "x - df(x) / ((df(x + 1e-5) - df(x - 1e-5)) / 2e-5)",
    "f″ central, h = 1e-4": "x - df(x) / ((df(x + 1e-4) - df(x - 1e-4)) / 2e-4)",
    "f″ five-point, h = 1e-3": "x - df(x) / ((8 * (df(x + 1e-3) - df(x - 1e-3)) "
    "- df(x + 2e-3) + df(x - 2e-3)) / 12e-3)",
    "x − f′/|f″|": "x - df(x) / abs(d2f(x))",
}


def _newton_with(step: str) -> str:
    return (
        "def newton(f, x0, steps):\n"
        "    df, d2f = grad(f), grad(grad(f))\n"
        "    xs = [x0]\n"
        "    for _ in range(steps):\n"
        "        x = xs[-1]\n"
        f"        xs.append({step})\n"
        "    return xs\n"
    )


@pytest.mark.parametrize("step", NEWTON_RIGHT.values(), ids=NEWTON_RIGHT.keys())
def test_newton_passes_written_any_right_way(
    step: str, nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _in_both(nb06, _newton_with(step), CHECKS_06["newton"], capsys) == "passed"


@pytest.mark.parametrize("step", NEWTON_WRONG.values(), ids=NEWTON_WRONG.keys())
def test_newton_with_a_difference_or_abs_f2_is_refused_and_told_why(
    step: str, nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """f″ as a central difference of grad(f) with h = 1e-6 (1e-10 off) passed at rel 1e-9,
    though the check's own hint says such answers are caught; x − f′/|f″| passed, the check
    never starting where f″ < 0. Both are refused: the first called a finite difference,
    the second named, at x0 = 0.3 on x⁴ − 2x², where Newton goes to the maximum 0."""
    source = _newton_with(step)
    call = CHECKS_06["newton"]
    assert _in_both(nb06, source, call, capsys) == "mistake"
    absolute = step == NEWTON_WRONG["x − f′/|f″|"]
    words = {
        "en": "x − f′/|f″|?" if absolute else "by finite differences",
        "zh": "是不是用了 x − f′/|f″|" if absolute else "有限差分",
    }
    for lang in editions.LANGS:
        said = _said(lang, nb06, source, call)
        assert words[lang] in said and "float32" not in said, said
        if absolute:
            assert said.startswith("newton(f, 0.3, 1)"), said


def test_newton_s_tolerance_is_rounding_s(nb06: dict[str, Any]) -> None:
    """nb06.newton_rounding bounds a right answer's error: against Newton's iteration done
    with 50 digits (mpmath, f′ and f″ by hand) from the check's starting points, each right
    form uses at most a quarter of it; each difference quotient misses by more than ten
    times it at some iterate."""
    mpmath = pytest.importorskip("mpmath")
    rounding = editions.module("en", "nb06").newton_rounding
    quartic = (lambda x: x**4 - 2 * x**2, lambda t: 4 * t**3 - 4 * t, lambda t: 12 * t**2 - 4)
    exp2x = (lambda x: x.exp() - 2 * x, lambda t: mpmath.exp(t) - 2, mpmath.exp)
    starts = [(quartic, 2.0), (quartic, 0.3), (exp2x, 1.5)]
    with mpmath.workdps(50):
        for name, step in {**NEWTON_RIGHT, **NEWTON_WRONG}.items():
            if name == "x − f′/|f″|":
                continue
            exec(compile(_newton_with(step), name, "exec"), nb06)
            worst = 0.0
            for (f, d1, d2), x0 in starts:
                exact, scale = mpmath.mpf(x0), 0.0
                for got in nb06["newton"](f, x0, 6):
                    scale = max(scale, abs(float(exact)))
                    worst = max(worst, float(abs(got - exact)) / rounding(scale))
                    exact = exact - d1(exact) / d2(exact)
            if name in NEWTON_RIGHT:
                assert worst <= 0.25, (name, worst)
            else:
                assert worst > 10, (name, worst)


# §5's loop copied into the exercise: the notebook's global df and d2f (of x⁴ − 2x²), or
# grad of the global f, in place of the f the function is given
NEWTON_IGNORING_F = {
    "§5's df and d2f": "def newton(g, x0, steps):\n"
    "    xs = [x0]\n"
    "    x = x0\n"
    "    for _ in range(steps):\n"
    "        x = x - df(x) / d2f(x)\n"
    "        xs.append(x)\n"
    "    return xs\n",
    "grad of §5's f": "def newton(g, x0, steps):\n"
    "    d1, d2 = grad(f), grad(grad(f))\n"
    "    xs = [x0]\n"
    "    for _ in range(steps):\n"
    "        xs.append(xs[-1] - d1(xs[-1]) / d2(xs[-1]))\n"
    "    return xs\n",
}


@pytest.mark.parametrize("source", NEWTON_IGNORING_F.values(), ids=NEWTON_IGNORING_F.keys())
def test_newton_that_ignores_its_f_is_asked_whether_it_uses_it(
    source: str, nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """A newton that uses §5's x⁴ − 2x² whatever f it is given passed that function's
    cases and got a bare "expected 0.7231301601, got 1.173913043" on eˣ − 2x; it is now
    asked, as nb07's newton_step is, whether it uses the function it is given."""
    call = CHECKS_06["newton"]
    assert _in_both(nb06, source, call, capsys) == "mistake"
    words = {
        "en": "section 5's f, instead: does newton use the function f it is given?",
        "zh": "newton() 用的是传给它的函数 f 吗？",
    }
    for lang in editions.LANGS:
        said = _said(lang, nb06, source, call)
        assert said.startswith("newton(f, 1.5, 1)"), said
        assert words[lang] in said, said


# second differences with a step of their own, whatever h they are given
FIXED_STEPS = {
    "h = 1e-3": "(f(x + 1e-3) - 2 * f(x) + f(x - 1e-3)) / 1e-6",
    "h = 1e-4": "(f(x + 1e-4) - 2 * f(x) + f(x - 1e-4)) / 1e-8",
    "h = 1e-5": "(f(x + 1e-5) - 2 * f(x) + f(x - 1e-5)) / 1e-10",
    "h = 1e-6": "(f(x + 1e-6) - 2 * f(x) + f(x - 1e-6)) / 1e-12",
}


@pytest.mark.parametrize("body", FIXED_STEPS.values(), ids=FIXED_STEPS.keys())
def test_a_second_difference_with_a_step_of_its_own_is_asked_about_h(
    body: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hard-coded h = 1e-5 failed first at x³ with a bare "expected 9, got 9.000000745":
    "does your code use the h it is given?" came only where the step was large and the
    answer was f'' itself. Wherever such an answer fails first, the check asks, in both
    editions."""
    source = f"def second_difference(f, x, h):\n    return {body}\n"
    call = "nb06.check_second_difference(second_difference)"
    assert _in_both({}, source, call, capsys) == "mistake"
    words = {"en": "does your code use the h", "zh": "你的代码用到了传进来的 h 吗？"}
    for lang in editions.LANGS:
        said = _said(lang, {}, source, call)
        assert words[lang] in said, said


ONE_SIDED = {
    "forward": ("(f(x + 2 * h) - 2 * f(x + h) + f(x)) / h**2", "centred at x + h"),
    "backward": ("(f(x) - 2 * f(x - h) + f(x - 2 * h)) / h**2", "centred at x − h"),
}


@pytest.mark.parametrize(("body", "centre"), ONE_SIDED.values(), ids=ONE_SIDED.keys())
def test_a_one_sided_second_difference_is_named(
    body: str, centre: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """(f(x + 2h) − 2f(x + h) + f(x))/h² got a bare "expected 9, got 9.006000002": it is
    the centred difference at x + h (6(x + h) for x³, by hand), and is now told so."""
    source = f"def second_difference(f, x, h):\n    return {body}\n"
    call = "nb06.check_second_difference(second_difference)"
    assert _in_both({}, source, call, capsys) == "mistake"
    words = {"en": "one-sided: (f(x", "zh": "这是单侧的"}
    for lang in editions.LANGS:
        said = _said(lang, {}, source, call)
        assert said.startswith("second_difference(f, 1.5, 0.001)"), said
        assert words[lang] in said and centre[-5:] in said, said


HALF_STEPS = {
    "the step h/2": (
        "(f(x + h / 2) - 2 * f(x) + f(x - h / 2)) / (h / 2) ** 2",
        "second_difference(f, 0.3, 0.5) for f = eˣ at x = 0.3",
        (
            "(a step of h/2: (f(x + h/2) − 2f(x) + f(x − h/2))/(h/2)² is the second",
            "（步长成了 h/2",
        ),
    ),
    "x ± h/2 over h²": (
        "(f(x + h / 2) - 2 * f(x) + f(x - h / 2)) / h**2",
        "second_difference(f, 1.5, 0.001) for f = x³ at x = 1.5: expected 9, got 2.25",
        ("(a quarter of the second difference:", "（正好是二阶差分的四分之一"),
    ),
    "(2h)²": (
        "(f(x + h) - 2 * f(x) + f(x - h)) / (2 * h) ** 2",
        "second_difference(f, 1.5, 0.001) for f = x³ at x = 1.5: expected 9, got 2.25",
        ("(a quarter of the second difference:", "（正好是二阶差分的四分之一"),
    ),
    "(h/2)²": (
        "(f(x + h) - 2 * f(x) + f(x - h)) / (h / 2) ** 2",
        "second_difference(f, 1.5, 0.001) for f = x³ at x = 1.5: expected 9, got 36",
        # for x³ the points x ± 2h over h² give this number too: both are said
        (
            "(four times the second difference: either divided by (h/2)² where the points "
            "x ± h call for h², or the points x ± 2h over h²",
            "（正好是二阶差分的四倍：要么点取的是 x ± h 却除以了 (h/2)²",
        ),
    ),
}


@pytest.mark.parametrize(("body", "start", "words"), HALF_STEPS.values(), ids=HALF_STEPS.keys())
def test_a_second_difference_with_h_over_2_is_named(
    body: str, start: str, words: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A second difference with h/2 in it was refused with a bare "expected …, got …":
    each slip is now told by its own number (the closed form at h/2, a quarter, four
    times), in both editions; where the message starts says where it shows first (the
    step h/2 is right for x³ and within rounding at h = 1e-4: at eˣ with h = 0.5)."""
    source = f"def second_difference(f, x, h):\n    return {body}\n"
    call = "nb06.check_second_difference(second_difference)"
    assert _in_both({}, source, call, capsys) == "mistake"
    for lang, hint in zip(editions.LANGS, words, strict=True):
        said = _said(lang, {}, source, call)
        assert hint in said, said
        if lang == "en":
            assert said.startswith(start), said


_NEWTON_BY_HESSIAN = (
    "from autograd_mini import hessian\n\n\n"
    "def newton(f, x0, steps):\n"
    "    xs = [x0]\n"
    "    for _ in range(steps):\n"
    "        xs.append(xs[-1] - grad(f)(xs[-1]) / hessian(f)(xs[-1]){entry})\n"
    "    return xs\n"
)


def test_a_newton_step_dividing_by_hessian_s_matrix_is_told_so(
    nb06: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """hessian(f)(x) of a one-number f is [[f″(x)]]: x − f′/hessian(f)(x) divided a number
    by a list and was told only "raised TypeError: unsupported operand type(s) for /".
    Now the check says hessian returns a matrix and to take [0][0] or grad(grad(f)), in
    both editions; with [0][0] the answer passes."""
    call = "nb06.check_newton(newton)"
    wrong, right = _NEWTON_BY_HESSIAN.format(entry=""), _NEWTON_BY_HESSIAN.format(entry="[0][0]")
    assert _in_both(nb06, wrong, call, capsys) == "mistake"
    words = {
        "en": (
            "newton(f, 2.0, 1) for f = x⁴ − 2x²: raised TypeError: ",
            "after calling hessian(): hessian returns a matrix",
            "hessian(f)(x)[0][0], or use grad(grad(f))",
        ),
        "zh": (
            "调用 hessian() 之后抛出了 TypeError「",
            "hessian() 返回的是矩阵",
            "hessian(f)(x)[0][0]，或者像第 5 节那样用 grad(grad(f))(x)",
        ),
    }
    for lang in editions.LANGS:
        said = _said(lang, nb06, wrong, call)
        assert all(w in said for w in words[lang]), said
    assert _in_both(nb06, right, call, capsys) == "passed"


_NEWTON_THEN_FAILING = (
    "from autograd_mini import hessian\n\n\n"
    "def newton(f, x0, steps):\n"
    "    xs = [x0]\n"
    "    for _ in range(steps):\n"
    "        h = hessian(f)(xs[-1])[0][0]\n"
    "        xs.append(xs[-1] - grad(f)(xs[-1]) / h)\n"
    "    return xs + 'done'\n"
)


def _said_in_cell(lang: str, nb06: dict[str, Any], source: str, cell: int) -> str:
    """The Mistake of nb06.check_newton for an answer run as notebook cell In[cell] (its
    code under IPython's file name for it, its source in linecache as IPython keeps it)."""
    filename = f"<ipython-input-{cell}-0123abcd>"
    _keep_source(filename, source)
    here = {**nb06, "nb06": editions.module(lang, "nb06")}
    exec(compile(source, filename, "exec"), here)
    return raised(lang, lambda: eval("nb06.check_newton(newton)", here))


def test_a_type_error_after_taking_hessian_s_entry_is_not_blamed_on_the_matrix(
    nb06: dict[str, Any],
) -> None:
    """A newton that takes hessian(f)(x)[0][0], as told, and fails later on a line that
    has nothing to do with the matrix (``xs + 'done'``): every TypeError after a call of
    hessian was told "hessian returns a matrix … take [0][0]", which the student had done,
    and without the student's line. Now the operands of the operation that failed are
    read (a list of numbers and a string: no matrix), and the error is told as any other
    TypeError is, ending with the cell's line. Oracle: the failing line, by hand."""
    for lang in editions.LANGS:
        said = _said_in_cell(lang, nb06, _NEWTON_THEN_FAILING, 4)
        assert "hessian" not in said and "矩阵" not in said, said
        assert "can only concatenate list" in said, said
        line = "'return xs + 'done''"
        assert said.endswith(
            f"Cell In[4], line 9: {line}" if lang == "en" else f"单元格 In[4] 第 9 行：{line}"
        ), said


def test_a_newton_step_dividing_by_hessian_s_matrix_in_a_cell_names_the_line(
    nb06: dict[str, Any],
) -> None:
    """The matrix's advice dropped the cell's line that every other message of the checks
    ends with. Now it ends with it too; and where the failing line cannot be read (code
    whose source Python does not keep), the advice is given as a possibility, not as the
    cause. Oracle: the cell's text, by hand."""
    source = _NEWTON_BY_HESSIAN.format(entry="")
    for lang in editions.LANGS:
        said = _said_in_cell(lang, nb06, source, 9)
        assert ("hessian returns a matrix" if lang == "en" else "hessian() 返回的是矩阵") in said
        line = "'xs.append(xs[-1] - grad(f)(xs[-1]) / hessian(f)(xs[-1]))'"
        assert said.endswith(
            f"Cell In[9], line 7: {line}" if lang == "en" else f"单元格 In[9] 第 7 行：{line}"
        ), said
    here = {**nb06, "nb06": editions.module("en", "nb06")}
    exec(compile(source, "<ipython-input-11-unkept>", "exec"), here)  # no source kept
    said = raised("en", lambda: eval("nb06.check_newton(newton)", here))
    assert "after calling hessian(). If this comes from using hessian's matrix" in said, said
    assert said.endswith("Your code, Cell In[11], line 7"), said


def test_a_type_error_without_hessian_is_told_as_before(nb06: dict[str, Any]) -> None:
    """Only a TypeError after a call of hessian() is blamed on its matrix."""
    source = (
        "def newton(f, x0, steps):\n"
        "    xs = [x0]\n"
        "    for _ in range(steps):\n"
        "        xs.append(xs[-1] - grad(f)(xs[-1]) / [grad(grad(f))(xs[-1])])\n"
        "    return xs\n"
    )
    said = _said("en", nb06, source, "nb06.check_newton(newton)")
    assert said.startswith("newton(f, 2.0, 1) for f = x⁴ − 2x²: raised TypeError: "), said
    assert "hessian" not in said, said


_NEWTON_COUNTING_FROM_1 = (
    "from autograd_mini import hessian\n\n\n"
    "def newton(f, x0, steps):\n"
    "    xs = [x0]\n"
    "    for _ in range(steps):\n"
    "        H = {make}\n"
    "        xs.append(xs[-1] - grad(f)(xs[-1]) / H[1][1])\n"
    "    return xs\n"
)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            "hessian(f)(xs[-1])",
            (
                "H is the 1×1 matrix [[f″(x)]] (the Hessian of a function of one number has one "
                "row of one entry), so H[1] is past its end; its one entry is H[0][0] — indices "
                "count from 0",
                "H 是 1×1 矩阵 [[f″(x)]]（一元函数的海森矩阵只有一行一个元素），H[1] 越过了它的"
                "末尾；它唯一的元素是 H[0][0]——下标从 0 开始",
            ),
        ),
        (  # made by a call the check does not read: both causes of a 1×1 matrix named
            "list(hessian(f)(xs[-1]))",
            (
                "H is a 1×1 matrix, so H[1] is past its end: hessian() returns one row of one "
                "entry when it differentiates one argument — a function of one number (its one "
                "entry is H[0][0]), or the one argument of several that argnums names",
                "H 是 1×1 矩阵，H[1] 越过了它的末尾：hessian() 只对一个参数求导时，返回的矩阵只有"
                "一行一个元素——一元函数（唯一的元素是 H[0][0]）",
            ),
        ),
    ],
    ids=["hessian(f)(x)", "made elsewhere"],
)
def test_hessian_s_one_entry_read_as_h_1_1_is_told_it_is_h_0_0(
    make: str, words: tuple[str, str], nb06: dict[str, Any]
) -> None:
    """hessian(f)(x) of a one-number f is [[f″(x)]]: reading its entry as H[1][1], counted
    from 1, was told only "raised IndexError: list index out of range". Now the message
    says H is 1×1 because f takes one number, and that its one entry is H[0][0]; and with
    [0][0] the answer passes. Oracle: f″ of x⁴ − 2x² by hand, 12x² − 4, the one entry."""
    from autograd_mini import hessian

    assert hessian(lambda x: x**4 - 2 * x**2)(2.0) == [[12 * 2.0**2 - 4]]
    source = _NEWTON_COUNTING_FROM_1.format(make=make)
    for lang, hint in zip(editions.LANGS, words, strict=True):
        said = _said_in_cell(lang, nb06, source, 3)
        start = (
            "newton(f, 2.0, 1) for f = x⁴ − 2x²: raised IndexError: list index out of range — "
            if lang == "en"
            else "newton(f, 2.0, 1)（f = x⁴ − 2x²）：抛出了 IndexError「list index out of range」："
        )
        assert said.startswith(start + hint), said
        if lang == "zh":
            editions.assert_chinese(said)
        line = "'xs.append(xs[-1] - grad(f)(xs[-1]) / H[1][1])'"
        assert said.endswith(
            f"Cell In[3], line 8: {line}" if lang == "en" else f"单元格 In[3] 第 8 行：{line}"
        ), said
    right = source.replace("H[1][1]", "H[0][0]")
    assert editions.verdict(eval("nb06.check_newton(newton)", _ran(nb06, right)))


def _ran(nb06: dict[str, Any], source: str) -> dict[str, Any]:
    """The notebook's namespace with an answer cell run in it, and the English nb06."""
    here = {**nb06, "nb06": editions.module("en", "nb06")}
    exec(compile(source, "<answer cell>", "exec"), here)
    return here


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            "(f(x + h) - 2 * f(x) + f(x - h)) / (2 * h)",
            {"en": "divided by 2h", "zh": "除以的是 2h"},
        ),
        (
            # half the second difference, …/h**2/2, is told by its denominator, 2h²
            "(f(x + h) - 2 * f(x) + f(x - h)) / h**2 / 2",
            {"en": "divided by 2h²", "zh": "除以的是 2h²"},
        ),
    ],
    ids=["/(2h)", "half"],
)
def test_a_slip_given_back_as_float32_is_told_its_slip(
    body: str, words: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A slip computed in float64 and returned as np.float32 (…/(2*h) gives 0.0045 for
    x³ at x = 1.5, h = 1e-3, where 9 is due) was told "compute in float64": it misses by
    5.6 × float32's rounding there (1.6), within the 10 × the float32 message allowed. Its
    slip is compared first, at float32's rounding of the slip's number."""
    import numpy as np

    source = f"def second_difference(f, x, h):\n    return F({body})\n"
    call = "nb06.check_second_difference(second_difference)"
    namespace = {"F": np.float32}
    for lang in editions.LANGS:
        said = _said(lang, namespace, source, call)
        assert said.startswith("second_difference(f, 1.5, 0.001)"), said
        assert words[lang] in said and "float32" not in said, said
