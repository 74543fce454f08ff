"""What a student's function returned, or how it was called, told in the checker's words.

newton (notebook 06) returning its last iterate alone, as a Value node, was told as the
node's repr, "got Value(data=1.4545454545454546, grad=0.0)"; as one float, "got
1.4545454545454546". Each is now said as the student meets it (one Value node and its
.data, one number) with what is due: the list of every iterate, each a float. Each answer
here is a student's code apart from the checks; the iterate shown is the one Newton step
from 2 on x⁴ − 2x² by hand, 2 − f′(2)/f″(2) = 2 − 24/44.

newton_step (notebook 07) written with numpy, ``w - inv(H) * g`` where ``inv(H) @ g`` is
meant, was told "an array of shape (2, 2) (broadcasting?)" and no more; the gradient or
the Hessian taken of the pair w as one argument, ``grad(cost, argnums=(0, 1))(w)`` where
``(*w)`` is due, was told in the library's words (an IndexError, "argnums 1 is out of
range for 1 argument(s)", or grad's TypeError advising jacobian, which is for a function
of a list). Each now gets the hint a teacher would give.

A student's function whose parameters do not take the check's arguments (one left out,
one added) was told in Python's words, in English in both editions: "raised TypeError:
newton() takes 2 positional arguments but 3 were given". It is now told before the
function runs, in the checker's words, with the parameters the exercise's stub has, for
every exercise a function is handed to the check for (notebook 00's are methods of the
student's Value class).
"""

from __future__ import annotations

import ast
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import editions
import jupytext
import numpy as np
import pytest
from exercise_cases import assert_named, prelude

from autograd_mini import Value, grad, hessian

X1 = 2 - 24 / 44  # x⁴ − 2x² from 2: f′(2) = 4·8 − 4·2 = 24, f″(2) = 12·4 − 4 = 44


def _in_both(said: dict[str, str]) -> None:
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])


def _newton_last(as_value: bool) -> Any:
    """newton that steps as it should and returns the last iterate alone, as a Value node
    (``as_value``) or as a float."""

    def newton(f: Any, x0: float, steps: int) -> Any:
        df, d2f = grad(f), grad(grad(f))
        x = x0
        for _ in range(steps):
            x = x - df(x) / d2f(x)
        return Value(x) if as_value else x

    return newton


def test_newton_returning_one_value_node_is_told_so_not_by_its_repr() -> None:
    said = assert_named(
        "nb06.check_newton",
        _newton_last(as_value=True),
        f"newton(f, 2.0, 1) for f = x⁴ − 2x²: expected a list of 2 numbers, got one Value "
        f"node (.data = {X1:.10g}): return the list [x0, x1] of every iterate, x0 included, "
        "each a float, a Value's .data, not the node",
        f"newton(f, 2.0, 1)（f = x⁴ − 2x²）：应返回由 2 个数组成的列表，得到的却只是一个 "
        f"Value 节点（.data = {X1:.10g}）：请返回由包括 x0 在内的每个迭代值组成的列表 [x0, x1]，"
        "每一项都是浮点数，即 Value 的 .data，而不是节点",
        "start",
    )
    assert all("Value(data=" not in text for text in said.values()), said
    _in_both(said)


def test_newton_returning_one_float_is_told_it_is_one_number() -> None:
    said = assert_named(
        "nb06.check_newton",
        _newton_last(as_value=False),
        f"newton(f, 2.0, 1) for f = x⁴ − 2x²: expected a list of 2 numbers, got one number, "
        f"{X1:.10g}: return the list [x0, x1] of every iterate, x0 included",
        f"newton(f, 2.0, 1)（f = x⁴ − 2x²）：应返回由 2 个数组成的列表，得到的却只是一个数 "
        f"{X1:.10g}：请返回由包括 x0 在内的每个迭代值组成的列表 [x0, x1]",
        "start",
    )
    _in_both(said)


@pytest.fixture(scope="module")
def c2() -> Callable[..., Any]:
    """The notebook's C2, the cost its check cell hands newton_step."""
    cost: Callable[..., Any] = prelude("07_forward_or_reverse")["C2"]
    return cost


@pytest.mark.parametrize("g_as", ["array", "tuple"])
def test_inv_h_times_g_entrywise_is_told_to_use_the_matrix_product(
    c2: Callable[..., Any], g_as: str
) -> None:
    def newton_step(cost: Callable[..., Any], w: Any) -> Any:
        H = np.array(hessian(cost, argnums=(0, 1))(*w))
        g = grad(cost, argnums=(0, 1))(*w)
        return np.array(w) - np.linalg.inv(H) * (np.array(g) if g_as == "array" else g)

    said = assert_named(
        "nb07.check_newton_step",
        newton_step,
        "newton_step(cost, (0.0, 0.0)): expected a vector of length 2, got an array of shape "
        "(2, 2) (broadcasting?); that is w − inv(H) * g: numpy's * multiplies entry by entry, "
        "and broadcasts g against H⁻¹ into a 2×2 array; H⁻¹∇C is a matrix times a vector, "
        "inv(H) @ g, or Cramer's rule as the exercise asks",
        "newton_step(cost, (0.0, 0.0))：应为长度 2 的向量，得到形状 (2, 2) 的数组"
        "（是不是广播了？）；这是 w − inv(H) * g：数组的 * 是逐个元素相乘，"
        "g 与 H⁻¹ 经广播相乘，得到一个 2×2 数组；H⁻¹∇C 是矩阵乘以向量，应写 inv(H) @ g，"
        "或者按练习的要求用克拉默法则",
        "start",
        extra=(c2,),
    )
    _in_both(said)


def test_a_2x2_answer_of_another_kind_is_not_called_inv_h_times_g(
    c2: Callable[..., Any],
) -> None:
    """An outer product is 2×2 too, and not w − inv(H) * g: no word of it."""

    def newton_step(cost: Callable[..., Any], w: Any) -> Any:
        return np.outer(w, [1.0, 2.0])

    said = assert_named(
        "nb07.check_newton_step",
        newton_step,
        "newton_step(cost, (0.0, 0.0)): expected a vector of length 2, got an array of shape "
        "(2, 2) (broadcasting?)",
        "newton_step(cost, (0.0, 0.0))：应为长度 2 的向量，得到形状 (2, 2) 的数组"
        "（是不是广播了？）",
        "start",
        extra=(c2,),
    )
    assert "inv(H)" not in said["en"] + said["zh"], said


def _cramer(w: Any, h: Any, g: Any) -> tuple[float, float]:
    (h11, h12), (h21, h22) = h
    g1, g2 = g
    det = h11 * h22 - h12 * h21
    return (w[0] - (h22 * g1 - h12 * g2) / det, w[1] - (h11 * g2 - h21 * g1) / det)


# the transform whose function got w whole, and how a student wrote its call
PACKED: dict[str, tuple[str, Callable[[Callable[..., Any], Any], Any]]] = {
    "grad with argnums": (
        "grad",
        lambda cost, w: _cramer(
            w, hessian(cost, argnums=(0, 1))(*w), grad(cost, argnums=(0, 1))(w)
        ),
    ),
    "grad without argnums": (
        "grad",
        lambda cost, w: _cramer(w, hessian(cost, argnums=(0, 1))(*w), grad(cost)(w)),
    ),
    "hessian with argnums": (
        "hessian",
        lambda cost, w: _cramer(
            w, hessian(cost, argnums=(0, 1))(w), grad(cost, argnums=(0, 1))(*w)
        ),
    ),
}


@pytest.mark.parametrize("case", PACKED.values(), ids=PACKED.keys())
def test_the_pair_w_passed_whole_to_grad_or_hessian_is_told_to_pass_its_numbers_apart(
    c2: Callable[..., Any], case: tuple[str, Callable[..., Any]]
) -> None:
    name, newton_step = case
    said = assert_named(
        "nb07.check_newton_step",
        newton_step,
        f"newton_step(cost, (0.0, 0.0)): the function {name}(…) returned got one argument, the "
        "2 numbers (0, 0) together; it takes them one argument each, as the cost does, "
        "cost(w1, w2), and argnums counts those arguments: pass w's numbers apart, "
        f"{name}(cost, argnums=(0, 1))(*w) or (w[0], w[1]), as section 4 does",
        f"newton_step(cost, (0.0, 0.0))：{name}(…) 返回的函数只收到了一个参数，即合在一起的 2 个数"
        "（0, 0）；它和代价函数 cost(w1, w2) 一样，要把每个数作为单独的参数传入，argnums 数的正是"
        f"这些参数：请把 w 的各个数分开传入，{name}(cost, argnums=(0, 1))(*w) 或 (w[0], w[1])，"
        "第 4 节就是这样写的",
        "start",
        extra=(c2,),
    )
    assert all("jacobian" not in text for text in said.values()), said
    _in_both(said)


# each exercise's function, by its stub's name: the check it is handed to
CHECK_OF = {
    "central_difference": "nb01.check_central_difference",
    "silu_local": "nb01.check_local_derivative",
    "output_layer_gradients": "nb02.check_output_layer",
    "chain_gradients": "nb02.check_chain_gradients",
    "g_of": "nb03.check_g_j",
    "e_of": "nb03.check_e_h",
    "updates": "nb03.check_updates",
    "delta_step": "nb03.check_delta_step",
    "count_parameters": "nb04.check_count_parameters",
    "sgd_step": "nb04.check_sgd_step",
    "my_backward": "nb05.check_my_backward",
    "reverse_neuron": "nb05.check_reverse_neuron",
    "second_difference": "nb06.check_second_difference",
    "softplus_derivative": "nb06.check_softplus_derivative",
    "newton": "nb06.check_newton",
    "neuron_tangent": "nb07.check_neuron_tangent",
    "cheaper_mode": "nb07.check_cheaper_mode",
    "newton_step": "nb07.check_newton_step",
}


def _stubs(folder: Path) -> dict[str, tuple[str, ...]]:
    """Each exercise cell's function in the notebooks of ``folder``, and its parameters."""
    stubs = {}
    for path in sorted(folder.glob("0[0-9]_*.py")):
        for cell in jupytext.read(path).cells:
            if not any(t.startswith("exercise:") for t in cell.metadata.get("tags", [])):
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.FunctionDef):
                    stubs[node.name] = tuple(a.arg for a in node.args.args)
    return stubs


def test_the_exercises_parameters_are_the_notebooks_stubs_in_both_editions() -> None:
    """The checker's table holds what each stub takes; notebook 00's methods (called by
    the check on the student's Value, not handed to it) are in a table of their own."""
    for lang in editions.LANGS:
        stubs = _stubs(editions.NOTEBOOKS / ("zh" if lang == "zh" else ""))
        assert {"exp", "__pow__"} <= set(stubs), stubs
        handed = {name: params for name, params in stubs.items() if name not in {"exp", "__pow__"}}
        assert handed == editions.package(lang).parameters.STUBS
        methods = {name: stubs[name] for name in ("exp", "__pow__")}
        assert methods == editions.package(lang).parameters.METHOD_STUBS
    assert set(CHECK_OF) == set(handed)


def _with_parameters(name: str, params: tuple[str, ...]) -> Callable[..., Any]:
    """A function called ``name`` taking ``params``, as a student's cell defines one."""
    namespace: dict[str, Any] = {}
    exec(f"def {name}({', '.join(params)}):\n    return None\n", namespace)
    function: Callable[..., Any] = namespace[name]
    return function


@pytest.mark.parametrize("name", CHECK_OF)
@pytest.mark.parametrize("slip", ["one left out", "one added"])
def test_a_wrong_parameter_list_is_told_with_the_exercise_s_parameters(
    name: str, slip: str, c2: Callable[..., Any]
) -> None:
    expected = editions.package("en").parameters.STUBS[name]
    own = expected[:-1] if slip == "one left out" else (*expected, "extra")
    answer = _with_parameters(name, own)
    extra = (c2,) if name == "newton_step" else ()
    n, listed = len(expected), ", ".join(expected)
    counted = {
        "en": "its one parameter" if n == 1 else f"{n} parameters in this order",
        "zh": "只有这 1 个参数" if n == 1 else f"按这个顺序共 {n} 个参数",
    }
    arguments = "argument" if n == 1 else "arguments"
    said = assert_named(
        CHECK_OF[name],
        answer,
        f"your function is 'def {name}({', '.join(own)})', which does not take the {n} "
        f"{arguments} the check passes: the exercise's is 'def {name}({listed})', "
        f"{counted['en']}",
        f"你写的函数是 'def {name}({', '.join(own)})'，和检验传入的 {n} 个参数对不上："
        f"练习要的是 'def {name}({listed})'，{counted['zh']}",
        "end",
        extra=extra,
    )
    assert all("positional argument" not in text for text in said.values()), said
    # the message's own words, after the call it names (sgd_step(params, 0.3) names its
    # arguments as the notebook does, in code)
    _in_both(
        {
            "en": said["en"][said["en"].index("your function") :],
            "zh": said["zh"][said["zh"].index("你写的") :],
        }
    )


def test_a_lambda_or_a_renamed_function_is_shown_as_written_with_the_exercise_s_parameters() -> (
    None
):
    """A lambda has no name to write 'def' with, and a function of another name is not in
    the checker's table: each is shown as the student wrote it, and the exercise's
    parameters are those of the call the check names."""
    newton = _with_parameters("my_newton", ("f", "x0"))
    for answer, written in [
        (lambda f, x0: [x0], "'lambda f, x0: …'"),
        (newton, "'def my_newton(f, x0)'"),
    ]:
        said = assert_named(
            "nb06.check_newton",
            answer,
            f"your function is {written}, which does not take the 3 arguments the check "
            "passes: the exercise's is 'def newton(f, x0, steps)', 3 parameters in this order",
            f"你写的函数是 {written}，和检验传入的 3 个参数对不上：练习要的是 "
            "'def newton(f, x0, steps)'，按这个顺序共 3 个参数",
            "end",
        )
        _in_both(said)


def test_call_resolves_no_path_again_for_each_call_of_the_student_s_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """call() asks whether the function is the checker's own (its code's file in this
    package, autograd_mini or nn): resolving those paths anew for every call cost ≈ 0.3 ms
    a call, 15–35 times a short function's own call."""
    package = editions.package("en")
    package.call("central_difference(sin, 1, 0.01)", _central_difference, np.sin, 1.0, 0.01)
    resolved = []
    real = Path.resolve

    def counted(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return real(self, strict=strict)

    monkeypatch.setattr(Path, "resolve", counted)
    for _ in range(20):
        package.call("central_difference(sin, 1, 0.01)", _central_difference, np.sin, 1.0, 0.01)
    assert resolved == []


def _central_difference(f: Any, x: float, h: float) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))


def _two_parameters(f: Any, x: float) -> float:
    return 0.0


def _wrapped_over_another() -> Callable[..., Any]:
    """A right central difference made by functools.wraps over a function of two
    parameters: inspect.signature reads the two (it follows __wrapped__), a call runs the
    wrapper, which takes the three the check passes."""

    @functools.wraps(_two_parameters)
    def central_difference(f: Any, x: float, h: float) -> float:
        return _central_difference(f, x, h)

    return central_difference


class _SignatureRaises:
    """A right central difference, an object whose __signature__ property raises."""

    @property
    def __signature__(self) -> Any:
        raise RuntimeError("not a signature")

    def __call__(self, f: Any, x: float, h: float) -> float:
        return _central_difference(f, x, h)


class _AnyAttributeRaises:
    """A right central difference, an object whose __getattr__ raises a ValueError for
    any attribute it lacks (inspect.signature asks for __signature__ and __wrapped__)."""

    def __getattr__(self, name: str) -> Any:
        raise ValueError(name)

    def __call__(self, f: Any, x: float, h: float) -> float:
        return _central_difference(f, x, h)


def _signature_says_two() -> Callable[..., Any]:
    """A right central difference whose __signature__ is set to another's."""

    def central_difference(*args: Any) -> float:
        return _central_difference(*args)

    central_difference.__signature__ = inspect.signature(_two_parameters)  # type: ignore[attr-defined]
    return central_difference


@pytest.mark.parametrize(
    "answer",
    [_wrapped_over_another(), _SignatureRaises(), _AnyAttributeRaises(), _signature_says_two()],
    ids=["wraps over another", "__signature__ raises", "__getattr__ raises", "__signature__ lies"],
)
def test_a_right_answer_is_bound_by_the_parameters_its_call_runs(
    answer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parameters a call binds are its code's: what __signature__ or __wrapped__ say
    (the student's code, run by inspect outside the time limit) refused a right answer,
    or stopped the check with the student's RuntimeError as the checker's own."""
    for lang in editions.LANGS:
        assert editions.verdict(editions.module(lang, "nb01").check_central_difference(answer))
    assert capsys.readouterr().out.count("✓") == len(editions.LANGS)


class _TwoParameters:
    def __call__(self, f: Any, x: float) -> float:
        return 0.0


@pytest.mark.parametrize(
    ("answer", "written", "written_zh"),
    [
        (
            functools.partial(_central_difference, np.sin),
            "partial(def _central_difference(f, x, h), <ufunc 'sin'>)",
            # numpy's ufunc in Chinese, as the messages say Python's notation there
            "partial(def _central_difference(f, x, h), numpy 通用函数 sin)",
        ),
        (_TwoParameters(), "def __call__(f, x)", "def __call__(f, x)"),
    ],
    ids=["partial", "object"],
)
def test_a_partial_or_an_object_is_shown_as_written_not_as_a_lambda(
    answer: Any, written: str, written_zh: str
) -> None:
    said = assert_named(
        "nb01.check_central_difference",
        answer,
        f"your function is '{written}', which does not take the 3 arguments the check "
        "passes: the exercise's is 'def central_difference(f, x, h)', 3 parameters in this order",
        f"你写的函数是 '{written_zh}'，和检验传入的 3 个参数对不上：练习要的是 "
        "'def central_difference(f, x, h)'，按这个顺序共 3 个参数",
        "end",
    )
    assert all("lambda" not in text for text in said.values()), said


def test_the_exercise_named_is_the_check_s_not_another_of_the_function_s_name(
    c2: Callable[..., Any],
) -> None:
    """notebook 07's one Newton step written as ``def newton(cost)`` (notebook 06's
    exercise's name) is told newton_step's parameters, not newton's (f, x0, steps)."""
    newton = _with_parameters("newton", ("cost",))
    assert_named(
        "nb07.check_newton_step",
        newton,
        "your function is 'def newton(cost)', which does not take the 2 arguments the check "
        "passes: the exercise's is 'def newton_step(cost, w)', 2 parameters in this order",
        "你写的函数是 'def newton(cost)'，和检验传入的 2 个参数对不上：练习要的是 "
        "'def newton_step(cost, w)'，按这个顺序共 2 个参数",
        "end",
        extra=(c2,),
    )


class _ReadSignature:
    """A right central difference, an object whose __signature__ property notes each read:
    the student's code, which the check may run only inside the time limit (it does not
    need it: the parameters are __call__'s code's)."""

    reads: ClassVar[list[str]] = []

    @property
    def __signature__(self) -> Any:
        _ReadSignature.reads.append("__signature__")
        raise RuntimeError("read")

    def __call__(self, f: Any, x: float, h: float) -> float:
        return _central_difference(f, x, h)


def test_a_partial_s_object_is_not_asked_for_its_signature(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """functools.partial around it was read by inspect.signature, which asks the wrapped
    object for __signature__: the property ran outside the time limit. The parameters
    are its __call__'s less those the partial fixes: a right one passes, one fixing f too
    many is told so."""
    _ReadSignature.reads.clear()
    for lang in editions.LANGS:
        check = editions.module(lang, "nb01").check_central_difference
        assert editions.verdict(check(functools.partial(_ReadSignature())))
    assert capsys.readouterr().out.count("✓") == len(editions.LANGS)
    assert_named(
        "nb01.check_central_difference",
        functools.partial(_ReadSignature(), np.sin),
        "your function is 'partial(def __call__(f, x, h), <ufunc 'sin'>)', which does not take "
        "the 3 arguments the check passes",
        "你写的函数是 'partial(def __call__(f, x, h), numpy 通用函数 sin)'，"
        "和检验传入的 3 个参数对不上",
    )
    assert _ReadSignature.reads == []


class _LongRepr:
    """A default of the student's own class, whose repr is the student's code."""

    def __repr__(self) -> str:
        raise AssertionError("the check ran the student's __repr__ outside the time limit")


def test_long_defaults_are_shortened_in_your_function_is() -> None:
    """A default of 1,000 numbers was printed in full, a line of 4,890 characters, in
    "your function is …"; reprlib's shortened repr is shown (oracle: written out), and an
    object of the student's own class by its class's name, its __repr__ not run."""

    def central_difference(f: Any, x: Any = list(range(1000)), *, h: Any = _LongRepr()) -> Any:  # noqa: B006, B008 (the student's defaults)
        return 0.0

    said = assert_named(
        "nb01.check_central_difference",
        central_difference,
        "your function is 'def central_difference(f, x=[0, 1, 2, 3, 4, 5, ...], *, "
        "h=<_LongRepr object>)', which does not take the 3 arguments",
        "你写的函数是 'def central_difference(f, x=[0, 1, 2, 3, 4, 5, ...], *, "
        "h=<_LongRepr 对象>)'，和检验传入的 3 个参数对不上",
    )
    assert all(len(text) < 400 for text in said.values()), said
