"""Slips a student review found in notebooks 00–03's checks, each caught and named.

A Chinese-speaking student fed the checks of notebooks 00–03 wrong answers. An error in
the student's own function was told without the line that failed; nb00's power rule
accepted a local derivative that is 0 wherever x = 0; hints built into a case's name
were shown for a case that had raised; a forgotten ``out._backward = _backward``, an
index over the wrong range in e_h, σ = y/a at a = 0, a ×2 where there is no ½ to lose and
a(1 − a) for act_prime got a bare number or a bare error. The right numbers here are
written from the formulas, independently of the checks, whose oracle is the engine;
every message is asked of both editions.

A notebook cell's code has a file name of its own (ipykernel: ``/tmp/ipykernel_<pid>/
<hash>.py``, registered with linecache); the answers here that stand for a student's
cell are compiled under such a name, and one test runs a real kernel.
"""

from __future__ import annotations

import linecache
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import editions
import numpy as np
import pytest
from exercise_cases import chain, prelude

jupytext = pytest.importorskip("jupytext")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_FILE = "/tmp/ipykernel_4242/{}.py"  # as ipykernel names a cell's code


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _sigmoid_prime(z: float) -> float:
    return _sigmoid(z) * (1 - _sigmoid(z))


@pytest.fixture
def cell() -> Iterator[Callable[..., dict[str, Any]]]:
    """Run ``source`` as a notebook cell would: compiled under a cell's file name, its
    lines in linecache (as IPython puts them), in ``namespace``; returns the namespace."""
    names: list[str] = []

    def run(source: str, namespace: dict[str, Any] | None = None, name: str = "") -> dict[str, Any]:
        filename = name or CELL_FILE.format(1000 + len(names))
        names.append(filename)
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = {"__name__": "__main__"} if namespace is None else namespace
        exec(compile(source, filename, "exec"), namespace)
        return namespace

    yield run
    for filename in names:
        linecache.cache.pop(filename, None)


def _mistake(lang: str, qualified: str, *args: Any) -> str:
    module, name = qualified.split(".")
    check = getattr(editions.module(lang, module), name)
    with pytest.raises(editions.package(lang).Mistake) as raised:
        check(*args)
    said = str(raised.value)
    (editions.assert_english if lang == "en" else editions.assert_chinese)(said)
    return said


# ---------------------------------------------------------------- 1. the student's line

CHAIN_PAST_THE_END = """
def chain_gradients(ws, bs, x, y, act, act_prime):
    a, z = [x], []
    for w, b in zip(ws, bs):
        z.append(w * a[-1] + b)
        a.append(act(z[-1]))
    grads, up = [0.0] * len(ws), 2 * (a[-1] - y)
    for l in range(len(ws), 0, -1):
        dz = act_prime(z[l]) * up
        grads[l - 1] = a[l - 1] * dz
        up = ws[l - 1] * dz
    return grads
"""


def test_an_error_in_a_cell_names_the_cell_s_line(cell: Callable[..., dict[str, Any]]) -> None:
    """An IndexError in a student's chain_gradients loop was told as "raised IndexError:
    list index out of range", raised from None: the line that failed was nowhere. The
    message now ends with it, the innermost frame that is a notebook cell's."""
    chain_gradients = cell(CHAIN_PAST_THE_END)["chain_gradients"]
    line = "'dz = act_prime(z[l]) * up'"
    for lang, said in (
        ("en", f"\nYour code, in a notebook cell, line 9: {line}"),
        ("zh", f"\n出错的是你的代码：笔记本的一个单元格，第 9 行：{line}"),
    ):
        got = _mistake(lang, "nb02.check_chain_gradients", chain_gradients)
        assert got.endswith(said), got
        assert ("raised IndexError" if lang == "en" else "抛出了 IndexError") in got, got


def test_a_cell_is_named_by_the_number_jupyter_shows(cell: Callable[..., dict[str, Any]]) -> None:
    """IPython in a terminal (and before 8.0 in a notebook) names a cell's code
    <ipython-input-N-hash>: the N is the In [N] beside the cell."""
    answer = "def silu_local(a, y):\n    s = y / a\n    return s + y * (1 - s)\n"
    silu_local = cell(answer, name="<ipython-input-7-4f2a9c1b>")["silu_local"]
    for lang, said in (
        ("en", "Your code, Cell In[7], line 2: 's = y / a'"),
        ("zh", "出错的是你的代码：单元格 In[7] 第 2 行：'s = y / a'"),
    ):
        assert _mistake(lang, "nb01.check_local_derivative", silu_local).endswith(said)


def test_an_error_in_a_file_names_no_cell() -> None:
    """The checker's, the library's and the tests' own files are not a student's cell:
    an error from a function defined in a file is told as before, without a line."""

    def y_over_a(a: float, y: float) -> float:
        return y / a + y * (1 - y / a)

    for lang in editions.LANGS:
        said = _mistake(lang, "nb01.check_local_derivative", y_over_a)
        assert "\n" not in said and "Your code" not in said and "你的代码" not in said, said


def test_the_innermost_cell_frame_is_named_not_the_library_s(
    cell: Callable[..., dict[str, Any]],
) -> None:
    """An error raised inside autograd_mini (a log of −1) or numpy, called from the
    student's code, names the student's line that called it."""
    answer = (
        "from autograd_mini import Value\n"
        "def silu_local(a, y):\n"
        "    s = Value(y).log()  # y < 0 at a = −3\n"
        "    return s.data\n"
    )
    silu_local = cell(answer)["silu_local"]
    nb01 = editions.module("en", "nb01")
    with pytest.raises(editions.package("en").Mistake) as raised:
        nb01.check_local_derivative(silu_local)
    said = str(raised.value)
    assert "raised DomainError: log of" in said, said
    assert said.endswith("line 3: 's = Value(y).log()  # y < 0 at a = −3'"), said


def test_a_mistake_s_traceback_stops_at_the_check(cell: Callable[..., dict[str, Any]]) -> None:
    """The Mistake came with the checker's frames (attempt, its helpers, call) under the
    check: a screenful of the checker's code above the message. It now starts at check()."""
    chain_gradients = cell(CHAIN_PAST_THE_END)["chain_gradients"]
    nb02 = editions.module("en", "nb02")
    with pytest.raises(editions.package("en").Mistake) as raised:
        nb02.check_chain_gradients(chain_gradients)
    names = [entry.name for entry in raised.traceback]
    assert names[-1] == "check" and "call" not in names and "attempt" not in names, names


@pytest.mark.parametrize("lang", editions.LANGS)
def test_in_a_kernel_the_message_names_the_cell_and_line(lang: str, agg_kernel: None) -> None:
    """In a real kernel, in the folder of each edition: the cell as Jupyter numbers it,
    the line, its code, and no frame of the checker's."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from exercises import nb02"),
        nbformat.v4.new_code_cell(CHAIN_PAST_THE_END.strip()),
        nbformat.v4.new_code_cell("nb02.check_chain_gradients(chain_gradients)"),
    ]
    folder = NOTEBOOKS / "zh" if lang == "zh" else NOTEBOOKS
    from docs import kernel

    kernel.execute(nb, timeout=120, folder=folder, allow_errors=True)
    (error,) = [out for out in nb.cells[2].outputs if out.output_type == "error"]
    line = "'dz = act_prime(z[l]) * up'"
    said = {
        "en": f"\nYour code, Cell In[2], line 8: {line}",
        "zh": f"\n出错的是你的代码：单元格 In[2] 第 8 行：{line}",
    }
    assert error.ename == "Mistake" and error.evalue.endswith(said[lang]), error.evalue
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error.traceback))  # no colours
    # the student's cell and the verdict: no frame of the checker's (IPython showed
    # check_chain_gradients' and check's, with their English source)
    assert "----> 1 nb02.check_chain_gradients(chain_gradients)" in shown, shown
    assert "in check_chain_gradients" not in shown and "in check(" not in shown, shown
    assert "in attempt" not in shown and "in call" not in shown, shown


# ---------------------------------------------------------------- notebook 00's Value

NB00 = "00_build_your_own_value"


@pytest.fixture(scope="module")
def nb00() -> dict[str, Any]:
    """Notebook 00's namespace as a student's kernel holds it at the exercises: its code
    cells before the first exercise, run in notebooks/ (the check modules are swapped in
    per edition by :func:`_run_00`)."""
    return prelude(NB00)


def _run_00(
    lang: str, nb00: dict[str, Any], run_cell: Callable[..., dict[str, Any]], answer: str
) -> tuple[bool, str]:
    """Run ``answer`` as the exercise's cell, then its check in edition ``lang``:
    (passed, the message or what was printed)."""
    check = "check_exp" if "def exp" in answer else "check_pow"
    run_cell(answer, nb00)
    module = editions.module(lang, "nb00")
    try:
        verdict = getattr(module, check)(nb00["Value"])
    except editions.package(lang).Mistake as mistake:
        said = str(mistake)
        (editions.assert_english if lang == "en" else editions.assert_chinese)(said)
        return False, said
    return editions.verdict(verdict), ""


def _pow(local: str) -> str:
    return f"""
@add_to_class(Value)
def __pow__(self, k):
    out = Value(self.data**k, (self,), "**")

    def _backward():
        self.grad += {local} * out.grad

    out._backward = _backward
    return out
"""


def _exp(local: str = "out.data", *, kept: bool = True) -> str:
    kept_line = "out._backward = _backward" if kept else "pass"
    return f"""
@add_to_class(Value)
def exp(self):
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += {local} * out.grad

    {kept_line}
    return out
"""


POW_RIGHT = {
    "k·x^(k−1)": "k * self.data ** (k - 1)",
    "math.pow": "k * math.pow(self.data, k - 1)",
}


@pytest.mark.parametrize("local", POW_RIGHT.values(), ids=POW_RIGHT.keys())
def test_the_power_rule_still_passes(
    local: str, nb00: dict[str, Any], cell: Callable[..., dict[str, Any]]
) -> None:
    for lang in editions.LANGS:
        assert _run_00(lang, nb00, cell, _pow(local)) == (True, "")


def test_a_power_rule_that_is_0_wherever_x_is_0_is_refused(
    nb00: dict[str, Any], cell: Callable[..., dict[str, Any]]
) -> None:
    """k·out.data/self.data divides by zero at x = 0, where the check tried only x**2,
    whose slope there is 0: the guarded `… if self.data else 0.0` passed, though x**1 has
    slope 1 at 0 (and 2x³ + x too: 6x² + 1). It is told which slip it is."""
    guarded = _pow("(k * out.data / self.data if self.data else 0.0)")
    # the oracle: d/dx x¹ = 1 everywhere, and 6x² + 1 = 1 at 0; the guarded rule gives 0
    said = {
        "en": "∂/∂x x**1 at x = 0 (1): expected 1, got 0 (0 wherever x = 0: does the local "
        "derivative divide out.data by x",
        "zh": "x = 0 处的 ∂/∂x x**1（1）：应为 1，实际得到 0（凡是 x = 0 处都得 0：",
    }
    for lang in editions.LANGS:
        passed, got = _run_00(lang, nb00, cell, guarded)
        assert not passed and got.startswith(said[lang]), got
        assert "k·x**(k − 1)" in got, got


def test_a_case_that_raised_is_not_given_the_hint_for_a_wrong_number(
    nb00: dict[str, Any], cell: Callable[..., dict[str, Any]]
) -> None:
    """x^(k−1) written exp((k − 1)·log x) raises ValueError at x = −0.5, and the case's
    name carried the hint for a wrong number there: "is the local derivative multiplied
    by out.grad?", beside a math domain error. A case that raised is named without it;
    the message ends with the student's line, inside their _backward."""
    by_log = _pow("k * math.exp((k - 1) * math.log(self.data))")
    said = {
        "en": "∂/∂x (3 · x**-2) at x = −0.5 (−6/x³): raised ValueError: math domain error\n"
        "Your code, in a notebook cell, line 7: "
        "'self.grad += k * math.exp((k - 1) * math.log(self.data)) * out.grad'",
        "zh": "x = −0.5 处的 ∂/∂x (3 · x**-2)（−6/x³）：抛出了 ValueError「math domain error」\n"
        "出错的是你的代码：笔记本的一个单元格，第 7 行："
        "'self.grad += k * math.exp((k - 1) * math.log(self.data)) * out.grad'",
    }
    for lang in editions.LANGS:
        assert _run_00(lang, nb00, cell, by_log) == (False, said[lang])
    # a wrong number in that case still gets the hint
    forgetful = _pow("k * self.data ** (k - 1) / out.grad")  # × out.grad undone
    hint = {
        "en": "is the local derivative multiplied by out.grad?",
        "zh": "局部导数乘上 out.grad 了吗",
    }
    for lang in editions.LANGS:
        passed, got = _run_00(lang, nb00, cell, forgetful)
        assert not passed and "(3 · x**-2)" in got and hint[lang] in got, got


@pytest.mark.parametrize("exercise", ["exp", "pow"])
def test_a_closure_never_attached_is_named(
    exercise: str, nb00: dict[str, Any], cell: Callable[..., dict[str, Any]]
) -> None:
    """Leaving out 'out._backward = _backward' left the node the default _backward that
    __init__ gives every node: backward() did nothing, and the check said only "expected
    2.2255, got 0". It says the closure was never attached."""
    if exercise == "exp":
        answer, what = _exp(kept=False), "Value(0.8).exp()"
    else:
        answer, what = (
            _pow("k * self.data ** (k - 1)").replace("out._backward = _backward", "pass"),
            "Value(1.5) ** 3",
        )
    said = {
        "en": f"{what}: the result's _backward is still the one __init__ gives every node",
        "zh": f"{what}：结果的 _backward 仍是 __init__ 给每个节点的那个默认函数",
    }
    for lang in editions.LANGS:
        passed, got = _run_00(lang, nb00, cell, answer)
        assert not passed and got.startswith(said[lang]), got
        assert "'out._backward = _backward'" in got, got
    assert _run_00("en", nb00, cell, _exp()) == (True, "")  # attached: passes


# ---------------------------------------------------------------- notebook 01


def test_sigma_as_y_over_a_is_told_to_compute_sigma_from_a() -> None:
    """σ(a) = y/a is right wherever a ≠ 0: at a = 0 the check said only "raised
    ZeroDivisionError: float division by zero" (numpy's 0/0: "expected 0.5, got nan"),
    while nb00's message refers to notebook 1 as saying what to do. Both now say it."""

    def y_over_a(a: float, y: float) -> float:
        s = y / a
        return s + y * (1 - s)

    def y_over_a_in_numpy(a: float, y: float) -> float:
        with np.errstate(invalid="ignore"):
            s = np.float64(y) / np.float64(a)
        return float(s + y * (1 - s))

    # the oracle: dy/da = σ(a) + a·σ′(a) = ½ at a = 0
    assert _sigmoid(0.0) + 0.0 * _sigmoid_prime(0.0) == 0.5
    said = {
        "en": "compute σ(a) from a directly, 1/(1 + e^(−a))",
        "zh": "请直接由 a 计算 σ(a)，即 1/(1 + e^(−a))",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb01.check_local_derivative", y_over_a)
        quoted = "raised ZeroDivisionError" if lang == "en" else "抛出了 ZeroDivisionError"
        assert got.startswith("silu_local(0, 0)") and quoted in got and said[lang] in got, got
        got = _mistake(lang, "nb01.check_local_derivative", y_over_a_in_numpy)
        assert got.startswith("silu_local(0, 0)") and "nan" in got and said[lang] in got, got
        assert "0.5" in got, got


# ---------------------------------------------------------------- notebook 03


def _e_h_over_the_inputs(b: Any, W: Any, g: Any) -> Any:
    # Σ over the 3 inputs i for the 2 outputs j: W[h, 2] is past W's 2 columns
    return np.array([b[h] * (1 - b[h]) * sum(W[h, i] * g[i] for i in range(3)) for h in range(4)])


def _e_h_by_w_jh(b: Any, W: Any, g: Any) -> Any:
    # W[j, h] for w_hj: W[0, 2] is past W's 2 columns
    return np.array([b[h] * (1 - b[h]) * sum(W[j, h] * g[j] for j in range(2)) for h in range(4)])


def _e_h_right(b: Any, W: Any, g: Any) -> Any:
    # e_h = b_h(1 − b_h) Σ_j w_hj g_j (周志华 (5.15)), a loop over the outputs j
    return np.array([b[h] * (1 - b[h]) * sum(W[h, j] * g[j] for j in range(2)) for h in range(4)])


@pytest.mark.parametrize("answer", [_e_h_over_the_inputs, _e_h_by_w_jh])
def test_an_index_slip_in_e_h_is_named(answer: Callable[..., Any]) -> None:
    """Σ over the inputs i (or W[j, h] for w_hj) raises IndexError in a loop, and was told
    "the shapes do not fit together", which they do. It is told as the index it is."""
    said = {
        "en": "(an index that W or g does not have: Σ_j w_hj g_j runs over the l = 2 outputs "
        "j (the entries of g, the columns of W), not over the d = 3 inputs i or the q = 4 "
        "hidden neurons h; w_hj is W[h, j], W of shape (q, l) = (4, 2))",
        "zh": "（用了 W 或 g 没有的下标：Σ_j w_hj g_j 是对 l = 2 个输出 j 求和（g 的各项，"
        "W 的各列），不是对 d = 3 个输入 i 或 q = 4 个隐层神经元 h；w_hj 是 W[h, j]，"
        "W 的形状 (q, l) = (4, 2)）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_e_h", answer)
        quoted = (
            "raised IndexError: index 2 is out of bounds"
            if lang == "en"
            else "抛出了 IndexError「index 2"
        )
        assert quoted in got and got.endswith(said[lang]), got
        assert "shapes" not in got and "形状对不上" not in got, got
    nb03 = editions.module("en", "nb03")
    assert editions.verdict(nb03.check_e_h(_e_h_right)) is True


# ---------------------------------------------------------------- a factor 2, and σ′ for all


def _output_layer(w: float, b: float, a_prev: float, y: float, start: float = 2.0) -> Any:
    """3Blue1Brown's three derivatives, with ∂C₀/∂a = start·(a − y) (2 is right)."""
    z = w * a_prev + b
    dz = _sigmoid_prime(z) * start * (_sigmoid(z) - y)
    return a_prev * dz, dz, w * dz


def _delta_step(W: Any, z: Any, delta_next: Any, factor: float = 1.0) -> Any:
    """UFLDL's δ^(l) = (W^(l)ᵀ δ^(l+1)) ⊙ f′(z^(l)), f the sigmoid (factor 1 is right)."""
    s = 1 / (1 + np.exp(-z))
    return factor * (W.T @ delta_next) * s * (1 - s)


def _e_h(b: Any, W: Any, g: Any, factor: float = 1.0) -> Any:
    """周志华 (5.15): e_h = b_h(1 − b_h) Σ_j w_hj g_j (factor 1 is right)."""
    return factor * b * (1 - b) * (W @ g)


# check, the right answer, the answer ×2, what ×2 is said to be, in each language
TWICE = [
    (
        "nb02.check_output_layer",
        _output_layer,
        lambda w, b, a, y: _output_layer(w, b, a, y, start=4.0),  # 4σ′(z)(a − y)
        (
            "exactly twice: a factor 2 too many; C₀ = (a − y)² gives ∂C₀/∂a = 2(a − y), "
            "one factor 2",
            "正好是两倍：多了一个因子 2；C₀ = (a − y)² 给出 ∂C₀/∂a = 2(a − y)，只有一个因子 2",
        ),
    ),
    (
        "nb02.check_chain_gradients",
        chain,
        lambda *args: chain(*args, start=4.0),
        (
            "exactly twice: a factor 2 too many; the recursion starts from ∂C₀/∂a^(4) = "
            "2(a^(4) − y), one factor 2",
            "正好是两倍：多了一个因子 2；递推的起点是 ∂C₀/∂a^(4) = 2(a^(4) − y)，只有一个因子 2",
        ),
    ),
    (
        "nb03.check_delta_step",
        _delta_step,
        lambda W, z, d: _delta_step(W, z, d, factor=2.0),
        (
            "exactly twice: a factor 2 too many; δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)) has no "
            "factor 2",
            "正好是两倍：多了一个因子 2；δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)) 里没有因子 2",
        ),
    ),
    (
        "nb03.check_delta_step",
        _delta_step,
        lambda W, z, d: _delta_step(W, z, d, factor=0.5),
        (
            "exactly half: a ½ too many; δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)) has no ½",
            "正好是一半：多了一个 ½；δ^(3) = (W^(3)ᵀ δ^(4)) ⊙ f′(z^(3)) 里没有 ½",
        ),
    ),
    (
        "nb03.check_e_h",
        _e_h,
        lambda b, W, g: _e_h(b, W, g, factor=2.0),
        (
            "exactly twice: a factor 2 too many; e_h = b_h(1 − b_h) Σ_j w_hj g_j has no factor 2",
            "正好是两倍：多了一个因子 2；e_h = b_h(1 − b_h) Σ_j w_hj g_j 里没有因子 2",
        ),
    ),
    (
        "nb03.check_e_h",
        _e_h,
        lambda b, W, g: _e_h(b, W, g, factor=0.5),
        (
            "exactly half: a ½ too many; e_h = b_h(1 − b_h) Σ_j w_hj g_j has no ½",
            "正好是一半：多了一个 ½；e_h = b_h(1 − b_h) Σ_j w_hj g_j 里没有 ½",
        ),
    ),
]


@pytest.mark.parametrize(
    ("qualified", "right", "wrong", "said"), TWICE, ids=[f"{t[0]}-{k}" for k, t in enumerate(TWICE)]
)
def test_a_factor_2_is_told_as_the_formula_has_it(
    qualified: str, right: Callable[..., Any], wrong: Callable[..., Any], said: tuple[str, str]
) -> None:
    """4σ′(z)(a − y) was told "exactly twice: a factor 2 too many, or a ½ missing", where
    C₀ = (a − y)² has no ½ to lose (and δ's step, e_h, with δ^(l+1) and g given, have
    neither a 2 nor a ½): each says what applies to its own formula."""
    module, name = qualified.split(".")
    for lang, words in zip(editions.LANGS, said, strict=True):
        got = _mistake(lang, qualified, wrong)
        assert got.endswith(f" ({words})" if lang == "en" else f"（{words}）"), got
        assert "½ missing" not in got and "少了 ½" not in got, got
        check = getattr(editions.module(lang, module), name)
        assert editions.verdict(check(right)) is True


def test_sigmoid_s_a_times_1_minus_a_for_act_prime_is_named() -> None:
    """a(1 − a) in place of act_prime(z) is σ′ written with σ's output: it passed the
    sigmoid chain and failed the ReLU chain with a bare number. It is named."""

    def with_a_times_1_minus_a(ws: Any, bs: Any, x: float, y: float, act: Any, ap: Any) -> Any:
        return chain(ws, bs, x, y, act, lambda z: act(z) * (1 - act(z)))

    said = {
        "en": "ReLU chain (ws=[0.9, 1.2, -0.5, 1.1], bs=[0.1, 0.3, 0.9, 0.2], x=0.6, y=1): "
        "∂C₀/∂w^(4): expected",
        "zh": "ReLU 链（ws=[0.9, 1.2, -0.5, 1.1], bs=[0.1, 0.3, 0.9, 0.2], x=0.6, y=1）上的 "
        "∂C₀/∂w^(4)：应为",
    }
    hint = {
        "en": " (a(1 − a) is the sigmoid's derivative only (σ′ = σ(1 − σ)): use the act_prime "
        "given, act_prime(z^(4)))",
        "zh": "（a(1 − a) 只是 sigmoid 的导数（σ′ = σ(1 − σ)）：请用传入的 act_prime，"
        "即 act_prime(z^(4))）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb02.check_chain_gradients", with_a_times_1_minus_a)
        assert got.startswith(said[lang]) and got.endswith(hint[lang]), got


def test_sigma_prime_typed_in_for_act_prime_is_named() -> None:
    """σ′(z) written into the recursion in place of the act_prime given (the forward pass
    with act) passed the sigmoid chain and failed the ReLU chain with a bare "expected
    -0.2908968, got -0.06650211191". Oracle: the hand recursion with σ′ at every layer."""

    def with_sigma_prime(ws: Any, bs: Any, x: float, y: float, act: Any, ap: Any) -> Any:
        return chain(ws, bs, x, y, act, _sigmoid_prime)

    ws, bs = [0.9, 1.2, -0.5, 1.1], [0.1, 0.3, 0.9, 0.2]
    got_number = chain(ws, bs, 0.6, 1.0, lambda z: max(z, 0.0), _sigmoid_prime)[-1]
    said = {
        "en": f"ReLU chain (ws={ws}, bs={bs}, x=0.6, y=1): ∂C₀/∂w^(4): expected -0.2908968, "
        f"got {got_number:.10g} (σ′(z) = σ(z)(1 − σ(z)) is the sigmoid's derivative only: use "
        "the act_prime given, act_prime(z^(4)))",
        "zh": f"ReLU 链（ws={ws}, bs={bs}, x=0.6, y=1）上的 ∂C₀/∂w^(4)：应为 -0.2908968，"
        f"实际得到 {got_number:.10g}（σ′(z) = σ(z)(1 − σ(z)) 只是 sigmoid 的导数：请用传入的 "
        "act_prime，即 act_prime(z^(4))）",
    }
    for lang in editions.LANGS:
        assert _mistake(lang, "nb02.check_chain_gradients", with_sigma_prime) == said[lang]


# ------------------------------------------------- 5. a second review (2026-12-05)


@pytest.mark.parametrize("exercise", ["exp", "pow"])
def test_a_local_derivative_without_out_grad_is_told_so_not_as_a_factor_2(
    exercise: str, nb00: dict[str, Any], cell: Callable[..., dict[str, Any]]
) -> None:
    """``self.grad += <local>`` without ``* out.grad`` gives, for 2·eˣ, eˣ: half the
    answer, and the check added "exactly half: a factor 2 is missing, or a ½ too many" to
    the case's own question about out.grad — a ½ the student never wrote. Now the number
    is told for what it is, the local derivative alone, out.grad = 2 (3 for 3·x⁻², whose
    miss was a bare number). Oracle: eˣ at 0.8, and −2x⁻³ at −0.5 = 16, by hand."""
    answer = (
        _exp("out.data").replace(" * out.grad", "")
        if exercise == "exp"
        else _pow("k * self.data ** (k - 1)").replace(" * out.grad", "")
    )
    local, out_grad, value = (
        ("e^x", 2, math.exp(0.8)) if exercise == "exp" else ("−2x⁻³", 3, -2 * (-0.5) ** -3)
    )
    if exercise == "pow":
        assert value == 16.0  # −2/(−0.5)³ = −2/(−0.125)
    said = {
        "en": f"got {value:.10g} (that is the local derivative {local} alone: it is not "
        f"multiplied by out.grad, which is {out_grad} here)",
        "zh": f"实际得到 {value:.10g}（这正是局部导数 {local} 本身：没有乘上 out.grad，"
        f"这里 out.grad = {out_grad}）",
    }
    for lang in editions.LANGS:
        passed, got = _run_00(lang, nb00, cell, answer)
        assert not passed and got.endswith(said[lang]), got
        assert "½" not in got, got


def test_a_value_node_whose_grad_is_not_the_answer_is_not_asked_about_its_grad() -> None:
    """chain_gradients returning the weights as fresh Value nodes (never reached by a
    backward()) was told "got a Value node (.data = 0.8, .grad = 0): did you mean its
    .grad?" — a .grad of 0 is no answer either. Now a node neither of whose numbers is the
    answer is told to return a number; a node whose .grad is the answer is still asked
    about it. Oracle: the sigmoid chain's ∂C₀/∂w^(4) by the hand recursion (nonzero)."""
    from autograd_mini import Value

    ws, bs = [0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, 0.2]
    want = chain(ws, bs, 0.6, 1.0, _sigmoid, _sigmoid_prime)[-1]
    assert abs(want) > 0.01

    def as_nodes(ws: Any, bs: Any, x: Any, y: Any, act: Any, act_prime: Any) -> Any:
        return [Value(w) for w in ws]

    said = {
        "en": f"∂C₀/∂w^(4): expected {want:.10g}, a number; got a Value node (.data = 0.8, "
        ".grad = 0), and neither of its numbers is the expected one: return a number, not "
        "a node",
        "zh": f"∂C₀/∂w^(4)：应为 {want:.10g}，是一个数；得到的却是一个 Value 节点（.data = 0.8，"
        ".grad = 0），它的两个数都不是应得的数：请返回一个数，而不是节点",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb02.check_chain_gradients", as_nodes)
        assert got.endswith(said[lang]), got
        assert ".grad?" not in got and ".grad？" not in got, got


def _g_right(y_hat: Any, y: Any) -> Any:
    """周志华 (5.10): g_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j)."""
    return y_hat * (1 - y_hat) * (y - y_hat)


def test_a_sum_over_the_entries_is_told_as_one_number_and_as_the_sum() -> None:
    """np.sum(…) of g_j (Σ over the j that should stay) returns a numpy number, and was told
    "expected a vector of length 2, got an array of shape ()": no array in sight for a
    student. Now it is one number, and the sum of the entries asked for; a number that is
    not their sum is told as one number alone. Oracle: g by (5.10), summed by hand."""
    nb03 = editions.module("en", "nb03")  # the check's networks, to sum their g by hand
    net = nb03._network(*nb03.CASES[0])
    total = float(sum(_g_right(net["y_hat"], net["y"])))
    summed = {
        "en": f"expected a vector of length 2, got one number {total:.10g} (the sum of the "
        "entries: each entry is asked for, not their sum)",
        "zh": f"应为长度 2 的向量，得到的却只是一个数 {total:.10g}（这是各项之和：要的是每一项，"
        "而不是它们的和）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_g_j", lambda y_hat, y: np.sum(_g_right(y_hat, y)))
        assert got.endswith(summed[lang]), got
        got = _mistake(lang, "nb03.check_g_j", lambda y_hat, y: np.float64(0.5))
        assert got.endswith("got one number 0.5" if lang == "en" else "得到的却只是一个数 0.5"), got


def test_f_prime_of_the_wrong_vector_is_told_where_f_prime_is_taken() -> None:
    """(W.T @ delta_next) * f_prime(delta_next): numpy cannot multiply the 3 entries of
    Wᵀδ^(4) by the 2 of f′(δ^(4)), and the message told the shapes and "W^(3)ᵀ δ^(4) is
    W.T @ delta_next" — the one part the student had right. Now the shapes' words say
    that ⊙ multiplies Wᵀδ entry by entry by f′(z^(3)), of the same length. Oracle: the
    lengths of the check's 4-5-3-2 network, layer 3, by hand."""

    def delta_step(W: Any, z: Any, delta_next: Any) -> Any:
        s = 1 / (1 + np.exp(-delta_next))
        return (W.T @ delta_next) * s * (1 - s)

    said = {
        "en": "⊙ multiplies it entry by entry by f′(z^(3)), of length 3 too: "
        "(W.T @ delta_next) * f_prime(z) (it raised ValueError: operands could not be "
        "broadcast together with shapes (3,) (2,) )",
        "zh": "⊙ 是把它与同样长度为 3 的 f′(z^(3)) 逐项相乘：(W.T @ delta_next) * f_prime(z)"
        "（抛出了 ValueError「operands could not be broadcast together with shapes (3,) (2,) 」）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_delta_step", delta_step)
        assert got.startswith("delta_step(W^(3), z^(3), δ^(4))"), got
        assert said[lang] in got, got


def _updates(dW: str) -> Callable[..., Any]:
    """updates with ΔW written ``dW`` (a Python expression of x, b_hidden, g, e, eta) and
    the other three right, 周志华 (5.11)–(5.14)."""
    scope: dict[str, Any] = {"np": np}
    exec(
        "def updates(x, b_hidden, g, e, eta):\n"
        f"    return ({dW}, -eta * g, eta * np.outer(x, e), -eta * e)\n",
        scope,
    )
    answer: Callable[..., Any] = scope["updates"]
    return answer


@pytest.mark.parametrize(
    ("dW", "factor", "en", "zh"),
    [
        (
            "eta * eta * np.outer(b_hidden, g)",
            0.3,
            "η applied twice: Δw_hj = η g_j b_h has one factor η",
            "η 乘了两次：Δw_hj = η g_j b_h 里只有一个 η",
        ),
        (
            "np.outer(b_hidden, g)",
            1 / 0.3,
            "the learning rate η is missing: Δw_hj = η g_j b_h",
            "少了学习率 η：Δw_hj = η g_j b_h",
        ),
    ],
    ids=["η twice", "no η"],
)
def test_eta_applied_twice_or_left_out_is_named(dW: str, factor: float, en: str, zh: str) -> None:
    """Δw_hj = η·η g_j b_h, or g_j b_h without η, was told as a bare "expected 0.00157,
    got 0.00047". Now each is named. Oracle: Δw_11 = η g_1 b_1 at η = 0.3 by (5.11),
    from the check's first network's g (by (5.10)) and b, by hand."""
    net = editions.module("en", "nb03")._network(*editions.module("en", "nb03").CASES[0])
    g = _g_right(net["y_hat"], net["y"])
    want = 0.3 * g[0] * net["b"][0]
    shown = {
        "en": f"got {factor * want:.10g} ({en})",
        "zh": f"实际得到 {factor * want:.10g}（{zh}）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_updates", _updates(dW))
        assert f"{want:.10g}" in got and got.endswith(shown[lang]), got


@pytest.mark.parametrize(
    ("dW", "extra", "en", "zh"),
    [
        (
            "eta * np.outer(b_hidden * (1 - b_hidden), g)",
            lambda b: 1 - b,
            "b_h(1 − b_h) in place of b_h: ",
            "用 b_h(1 − b_h) 代替了 b_h：",
        ),
        (
            "eta * np.outer(b_hidden * b_hidden * (1 - b_hidden), g)",
            lambda b: b * (1 - b),
            "a factor b_h(1 − b_h) too many: ",
            "多了一个因子 b_h(1 − b_h)：",
        ),
    ],
    ids=["for b_h", "beside b_h"],
)
def test_the_hidden_f_prime_put_into_delta_w_is_named(
    dW: str, extra: Callable[[float], float], en: str, zh: str
) -> None:
    """Δw_hj = η g_j b_h(1 − b_h) — e_h's factor f′ = b_h(1 − b_h) carried into ΔW, for b_h
    or beside it — was told as a bare "expected …, got …". Now the slip is named, and
    where the factor belongs (e_h). Oracle: Δw_11 = η g_1 b_1 at η = 0.3 by (5.11), and
    the slip's Δw_11 = η g_1 b_1 · extra(b_1), from the check's first network's g (by
    (5.10)) and b, by hand."""
    net = editions.module("en", "nb03")._network(*editions.module("en", "nb03").CASES[0])
    g, b1 = _g_right(net["y_hat"], net["y"]), float(net["b"][0])
    want = 0.3 * g[0] * b1
    slip = want * extra(b1)
    shown = {
        "en": f"got {slip:.10g} ({en}b_h(1 − b_h) is f′ of the hidden layer: it belongs in "
        "e_h = b_h(1 − b_h) Σ_j w_hj g_j (and so in ΔV), not in Δw_hj = η g_j b_h, which "
        "takes b_h as it is)",
        "zh": f"实际得到 {slip:.10g}（{zh}b_h(1 − b_h) 是隐层的 f′：它属于 "
        "e_h = b_h(1 − b_h) Σ_j w_hj g_j（因而出现在 ΔV 里），不属于 Δw_hj = η g_j b_h，"
        "那里的 b_h 原样使用）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_updates", _updates(dW))
        assert f"{want:.10g}" in got and got.endswith(shown[lang]), got


def test_updates_that_numpy_cannot_broadcast_are_told_the_shapes() -> None:
    """Δθ written -eta * g * b_hidden (b_h slipped in from Δw_hj) multiplies the l = 2
    entries of g by the q = 4 of b: numpy refuses, and the message was numpy's English
    alone ("operands could not be broadcast together with shapes (2,) (4,)"). Now the
    inputs' lengths and each update's shape are told before numpy's words, as e_h's and
    delta_step's checks do. Oracle: the lengths of the check's 3-4-2 network."""
    scope: dict[str, Any] = {"np": np}
    exec(
        "def updates(x, b_hidden, g, e, eta):\n"
        "    return (eta * np.outer(b_hidden, g), -eta * g * b_hidden, eta * np.outer(x, e), "
        "-eta * e)\n",
        scope,
    )
    answer = scope["updates"]
    said = {
        "en": ": the shapes do not fit together: x has length d = 3, b_hidden length q = 4, "
        "g length l = 2 and e length q = 4; ΔW = eta * np.outer(b_hidden, g) has shape (q, l), "
        "Δθ = -eta * g length l, ΔV = eta * np.outer(x, e) shape (d, q) and Δγ = -eta * e "
        "length q (it raised ValueError: operands could not be broadcast together",
        "zh": "：形状对不上：x 的长度 d = 3，b_hidden 的长度 q = 4，g 的长度 l = 2，e 的长度 "
        "q = 4；ΔW = eta * np.outer(b_hidden, g) 的形状是 (q, l)，Δθ = -eta * g 的长度是 l，"
        "ΔV = eta * np.outer(x, e) 的形状是 (d, q)，Δγ = -eta * e 的长度是 q（抛出了 "
        "ValueError「operands could not be broadcast together",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_updates", answer)
        assert got.startswith("updates(x=[") and said[lang] in got, got


def test_a_central_difference_divided_by_2_then_times_h_is_named() -> None:
    """(f(x + h) − f(x − h)) / 2 * h is ((…)/2)·h — the precedence slip of /(2h) — and was
    told as a bare "expected 3.0001, got 0.00030001". Now the slip is named. Oracle: for x³
    at x = 1, h = 0.01, f(x + h) − f(x − h) = 6h + 2h³ by hand, so the slip gives
    (6h + 2h³)/2 · h = 3h² + h⁴."""
    h = 0.01
    slip = 3 * h**2 + h**4
    said = {
        "en": f"expected 3.0001, got {slip:.10g} ((f(x + h) − f(x − h)) / 2 * h divides by 2, "
        "then multiplies by h: write / (2 * h))",
        "zh": f"应为 3.0001，实际得到 {slip:.10g}（(f(x + h) − f(x − h)) / 2 * h 是先除以 2、"
        "再乘以 h：请写成 / (2 * h)）",
    }
    for lang in editions.LANGS:
        got = _mistake(
            lang,
            "nb01.check_central_difference",
            lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
        )
        assert got.startswith("central_difference(x³, x=1, h=0.01)"), got
        assert got.endswith(said[lang]), got


SILU_HALVES = {
    "σ alone": (lambda a, y: _sigmoid(a), "σ(a) alone", "只有 σ(a)"),
    "a·σ′ alone": (lambda a, y: a * _sigmoid_prime(a), "a·σ′(a) alone", "只有 a·σ′(a)"),
    "no factor a": (
        lambda a, y: _sigmoid(a) + _sigmoid_prime(a),
        "σ(a) + σ′(a), without the factor a",
        "σ(a) + σ′(a)，少了因子 a",
    ),
    "a sign": (
        lambda a, y: _sigmoid(a) - a * _sigmoid_prime(a),
        "σ(a) − a·σ′(a), a sign",
        "σ(a) − a·σ′(a)，符号错了",
    ),
}


@pytest.mark.parametrize(("answer", "en", "zh"), SILU_HALVES.values(), ids=SILU_HALVES.keys())
def test_the_product_rule_half_applied_is_named(
    answer: Callable[[float, float], float], en: str, zh: str
) -> None:
    """dy/da of y = a·σ(a) with one term of the product rule left out, without its factor
    a, or with a minus, was told as a bare "expected -0.08810410602, got 0.04742587318".
    Now each names itself and the rule. Oracle: σ(a) + a·σ(a)(1 − σ(a)) at a = −3 by hand
    (the first point checked), and the slip's number by its own formula."""
    want = _sigmoid(-3.0) - 3.0 * _sigmoid_prime(-3.0)
    said = {
        "en": f"dy/da at a = -3: expected {want:.10g}, got {answer(-3.0, 0.0):.10g} ({en}: "
        "the product rule gives dy/da = σ(a) + a·σ′(a), σ′(a) = σ(a)(1 − σ(a)))",
        "zh": f"a = -3 处的 dy/da：应为 {want:.10g}，实际得到 {answer(-3.0, 0.0):.10g}（{zh}："
        "乘积法则给出 dy/da = σ(a) + a·σ′(a)，其中 σ′(a) = σ(a)(1 − σ(a))）",
    }
    for lang in editions.LANGS:
        assert _mistake(lang, "nb01.check_local_derivative", answer) == said[lang]


def test_a_dict_of_arrays_is_shown_by_its_keys() -> None:
    """updates returning {'W': ΔW, …} was told with the dict's repr: four numpy arrays over
    nine lines, the message's point lost among them. Now a dict too long for a line is
    shown by its keys (a short one, as before, in full)."""

    def as_dict(x: Any, b_hidden: Any, g: Any, e: Any, eta: float) -> Any:
        return {
            "W": eta * np.outer(b_hidden, g),
            "t": -eta * g,
            "V": eta * np.outer(x, e),
            "g": -eta * e,
        }

    said = {
        "en": ": expected 4 arrays (ΔW, Δθ, ΔV, Δγ) in a tuple or a list, got a dict with the "
        "keys 'W', 't', 'V', 'g'",
        "zh": "：应以元组或列表返回 4 个数组（ΔW, Δθ, ΔV, Δγ），得到的是一个字典，键为 "
        "'W', 't', 'V', 'g'",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_updates", as_dict)
        assert got.endswith(said[lang]) and "\n" not in got, got


def test_the_output_layer_s_three_in_another_order_are_named() -> None:
    """(∂C₀/∂b, ∂C₀/∂w, ∂C₀/∂a_prev) — two of the three swapped — was told "expected
    -0.09006004647, got -0.1501000775". Now the number is named as the derivative it is,
    with the order asked for. Oracle: 3Blue1Brown's three links by hand, ∂C₀/∂b =
    σ′(z)·2(a − y) with z = w·a_prev + b."""
    w, b, a_prev, y = 0.8, 0.2, 0.6, 1.0
    z = w * a_prev + b
    d_b = _sigmoid_prime(z) * 2 * (_sigmoid(z) - y)

    def swapped(w: float, b: float, a_prev: float, y: float) -> Any:
        z = w * a_prev + b
        d = _sigmoid_prime(z) * 2 * (_sigmoid(z) - y)
        return (d, d * a_prev, d * w)

    said = {
        "en": f"got {d_b:.10g} (that is ∂C₀/∂b: the three come in the order (∂C₀/∂w, ∂C₀/∂b, "
        "∂C₀/∂a_prev))",
        "zh": f"实际得到 {d_b:.10g}（这是 ∂C₀/∂b：三个偏导数的顺序是 (∂C₀/∂w, ∂C₀/∂b, "
        "∂C₀/∂a_prev)）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb02.check_output_layer", swapped)
        assert got.startswith("∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1)"), got
        assert got.endswith(said[lang]), got


def test_a_threshold_s_update_of_the_wrong_length_is_told_its_shape() -> None:
    """Δθ written -eta * e (the hidden layer's e for the output's g) has q = 4 entries
    where θ has l = 2, and was told "expected a vector of length 2, got an array of shape
    (4,)" with nothing more, where ΔW and ΔV are told their parameter's shape. Now Δθ and
    Δγ are too. Oracle: the check's 3-4-2 network has 2 outputs and 4 hidden neurons."""
    scope: dict[str, Any] = {"np": np}
    exec(
        "def updates(x, b_hidden, g, e, eta):\n"
        "    return (eta * np.outer(b_hidden, g), -eta * e, eta * np.outer(x, e), -eta * e)\n",
        scope,
    )
    said = {
        "en": "Δθ: expected a vector of length 2, got an array of shape (4,); Δθ has the "
        "shape of θ, one per output, l = 2: Δθ_j = −η g_j is -eta * g",
        "zh": "Δθ：应为长度 2 的向量，得到形状 (4,) 的数组；Δθ 与 θ 同形，每个输出一个，"
        "l = 2：Δθ_j = −η g_j 就是 -eta * g",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb03.check_updates", scope["updates"])
        assert got.endswith(said[lang]), got


@pytest.mark.parametrize(
    "line",
    ["out.grad += out.data * self.grad", "self.grad = self.grad * out.data * out.grad"],
    ids=["into out.grad", "times self.grad"],
)
def test_a_closure_that_adds_nothing_to_self_grad_is_told_so(
    line: str, nb00: dict[str, Any], cell: Callable[..., dict[str, Any]]
) -> None:
    """A _backward that writes to out.grad, or multiplies self.grad (0 at first), leaves
    x.grad at 0, told as a bare "expected 2.225540928, got 0". Now the message says x.grad
    stayed 0 and where the product is to go. Oracle: d/dx eˣ at 0.8 = e^0.8, by hand."""
    answer = _exp().replace("self.grad += out.data * out.grad", line)
    assert line in answer
    said = {
        "en": f"∂/∂x e^x at x = 0.8: expected {math.exp(0.8):.10g}, got 0 (x.grad stayed 0: "
        "does _backward add local derivative × out.grad to self.grad",
        "zh": f"x = 0.8 处的 ∂/∂x e^x：应为 {math.exp(0.8):.10g}，实际得到 0（x.grad 一直是 0：",
    }
    for lang in editions.LANGS:
        passed, got = _run_00(lang, nb00, cell, answer)
        assert not passed and got.startswith(said[lang]), got


def _three_with_a_slip(kind: str) -> Callable[[float, float, float, float], Any]:
    """output_layer_gradients with one slip; the three by 3Blue1Brown's links, by hand."""

    def gradients(w: float, b: float, a_prev: float, y: float) -> Any:
        z = w * a_prev + b
        rest = _sigmoid_prime(z) * 2 * (_sigmoid(z) - y)  # ∂C₀/∂b = ∂a/∂z · ∂C₀/∂a
        return {
            "no link w": (rest, rest, w * rest),  # ∂z/∂w = a_prev left out
            "a_prev for w": (a_prev * rest, rest, a_prev * rest),  # ∂z/∂a_prev taken as a_prev
            "reversed": (w * rest, rest, a_prev * rest),  # (∂C₀/∂a_prev, ∂C₀/∂b, ∂C₀/∂w)
            "cycled": (rest, w * rest, a_prev * rest),  # each one place to the right
        }[kind]

    return gradients


def _three_said(kind: str) -> dict[str, str]:
    z = 0.8 * 0.6 + 0.2
    rest = _sigmoid_prime(z) * 2 * (_sigmoid(z) - 1.0)
    order = {
        "en": "the three come in the order (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev))",
        "zh": "三个偏导数的顺序是 (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev)）",
    }
    return {
        "no link w": {
            "en": f"∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1): expected {0.6 * rest:.10g}, got "
            f"{rest:.10g} (the link ∂z/∂w = a_prev is missing)",
            "zh": f"∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1)：应为 {0.6 * rest:.10g}，实际得到 "
            f"{rest:.10g}（少了一环 ∂z/∂w = a_prev）",
        },
        "a_prev for w": {
            "en": f"∂C₀/∂a_prev (w=0.8, b=0.2, a_prev=0.6, y=1): expected {0.8 * rest:.10g}, "
            f"got {0.6 * rest:.10g} (∂z/∂a_prev = w, not a_prev)",
            "zh": f"∂C₀/∂a_prev (w=0.8, b=0.2, a_prev=0.6, y=1)：应为 {0.8 * rest:.10g}，"
            f"实际得到 {0.6 * rest:.10g}（∂z/∂a_prev = w，不是 a_prev）",
        },
        "reversed": {
            "en": f"∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1): expected {0.6 * rest:.10g}, got "
            f"{0.8 * rest:.10g} (that is ∂C₀/∂a_prev: {order['en']}",
            "zh": f"∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1)：应为 {0.6 * rest:.10g}，实际得到 "
            f"{0.8 * rest:.10g}（这是 ∂C₀/∂a_prev：{order['zh']}",
        },
        "cycled": {
            "en": f"∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1): expected {0.6 * rest:.10g}, got "
            f"{rest:.10g} (that is ∂C₀/∂b: {order['en']}",
            "zh": f"∂C₀/∂w (w=0.8, b=0.2, a_prev=0.6, y=1)：应为 {0.6 * rest:.10g}，实际得到 "
            f"{rest:.10g}（这是 ∂C₀/∂b：{order['zh']}",
        },
    }[kind]


@pytest.mark.parametrize("kind", ["no link w", "reversed", "cycled"])
def test_the_output_layer_s_order_is_named_only_for_a_real_swap(kind: str) -> None:
    """The order hint fired on one number that happened to be another place's: (rest, rest,
    w·rest), ∂z/∂w = a_prev forgotten and nothing reordered, was told "that is ∂C₀/∂b: the
    three come in the order …"; and the reversed tuple (∂C₀/∂a_prev, ∂C₀/∂b, ∂C₀/∂w) was
    not told the order ("∂z/∂w = a_prev, not w"). The order is named where two or three
    are swapped, each right for another place."""
    for lang in editions.LANGS:
        assert (
            _mistake(lang, "nb02.check_output_layer", _three_with_a_slip(kind))
            == (_three_said(kind)[lang])
        )


def test_the_output_layer_s_a_prev_for_w_is_told_the_link() -> None:
    """(a_prev·rest, rest, a_prev·rest) — ∂z/∂a_prev taken as a_prev — was told "∂z/∂a_prev
    = w, not a_prev" before the order hint, then "that is ∂C₀/∂w: the three come in the
    order …", though ∂C₀/∂w is in its place; the derivative is named ∂C₀/∂a_prev, as the
    notebook and the order hint write it (it was ∂C₀/∂a^(L−1))."""
    for lang in editions.LANGS:
        said = _mistake(lang, "nb02.check_output_layer", _three_with_a_slip("a_prev for w"))
        assert said == _three_said("a_prev for w")[lang]


def test_an_answer_of_0_at_a_0_is_told_as_a_guarded_division_not_a_term() -> None:
    """At a = 0, a·σ′(a) = 0, so any answer 0 there was told "a·σ′(a) alone" — y/a for σ(a),
    guarded with 0 at a = 0, which is right at every other point, among them. The term a
    multiplies names nothing at a = 0; a 0 there is told what it is likely to be, as
    notebook 00's power rule tells it. Oracle: dy/da = σ(0) + 0·σ′(0) = ½ by hand."""

    def guarded(a: float, y: float) -> float:
        s = y / a if a != 0 else 0.0
        return s + y * (1 - s)

    said = {
        "en": "dy/da at a = 0: expected 0.5, got 0 (0 at a = 0, where dy/da = σ(0) = ½: does "
        "the answer divide by a (σ(a) = y/a) and put 0 where a = 0? y/a is 0/0 there: compute "
        "σ(a) from a directly, 1/(1 + e^(−a)))",
        "zh": "a = 0 处的 dy/da：应为 0.5，实际得到 0（在 a = 0 处得 0，而那里 dy/da = σ(0) = ½："
        "答案是不是除以了 a（σ(a) = y/a），在 a = 0 处用 0 代替？y/a 在那里是 0/0：请直接由 a "
        "计算 σ(a)，即 1/(1 + e^(−a))）",
    }
    for lang in editions.LANGS:
        got = _mistake(lang, "nb01.check_local_derivative", guarded)
        assert got == said[lang]
        assert "a·σ′(a)" not in got
