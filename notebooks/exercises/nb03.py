"""Checks for notebook 03's exercises: g_j, e_h, the four updates, and one step of the δ
recursion.

g_j and e_h are named as 周志华 names them, the gradient terms (梯度项) of the output and the
hidden layer; the error term (误差项) is UFLDL's δ = ∂E/∂z, which is −g_j and −e_h. An entry
is named as the formulas name it, numbered from 1 (g_1, not [0]); a miss that a known slip
explains (a flipped sign, a factor 2, σ′ taken at the wrong place) is told which.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_mini import Value, dot, vsum

from . import Mistake, Verdict, call, check, expect_close_all, listed_once, msg, returned_items
from .reading import shape_of
from .slips import Option, factor_slips, gives, rate_slips

__all__ = ["check_delta_step", "check_e_h", "check_g_j", "check_updates"]

Array = Any  # a numpy array (numpy's own types are not needed by a student)


# (seed, target y): a one-hot target as in notebook 03, and one that is not 0 or 1, on
# which y² ≠ y (a one-hot y let g_j written with y**2 pass)
CASES = [(0, (1.0, 0.0)), (1, (0.3, 0.8))]


def _f(t: Array) -> Array:
    return 1 / (1 + np.exp(-t))


def _f_prime(t: Array) -> Array:
    return _f(t) * (1 - _f(t))


def _network(seed: int, target: tuple[float, float]) -> dict[str, Any]:
    """A 3-4-2 sigmoid network on one example, as Values: E = ½ Σⱼ (ŷⱼ − yⱼ)²."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=3)
    y = np.array(target)
    V = rng.normal(0, 0.8, size=(3, 4))
    gamma = rng.normal(0, 0.5, size=4)
    W = rng.normal(0, 0.8, size=(4, 2))
    theta = rng.normal(0, 0.5, size=2)
    V_ = [[Value(float(V[i, h])) for h in range(4)] for i in range(3)]
    gamma_ = [Value(float(t)) for t in gamma]
    W_ = [[Value(float(W[h, j])) for j in range(2)] for h in range(4)]
    theta_ = [Value(float(t)) for t in theta]
    alpha = [dot([V_[i][h] for i in range(3)], [float(t) for t in x]) for h in range(4)]
    b = [(alpha[h] - gamma_[h]).sigmoid() for h in range(4)]
    beta = [dot([W_[h][j] for h in range(4)], b) for j in range(2)]
    y_hat = [(beta[j] - theta_[j]).sigmoid() for j in range(2)]
    E = 0.5 * vsum([(y_hat[j] - float(y[j])) ** 2 for j in range(2)])
    E.backward()
    return {
        "x": x,
        "y": y,
        "W": W,
        "b": np.array([v.data for v in b]),
        "y_hat": np.array([v.data for v in y_hat]),
        "g": -np.array([v.grad for v in beta]),  # g_j = −∂E/∂β_j
        "e": -np.array([v.grad for v in alpha]),  # e_h = −∂E/∂α_h
        # ∂E/∂(parameter), in the parameters' own shapes
        "dW": np.array([[p.grad for p in row] for row in W_]),
        "dtheta": np.array([p.grad for p in theta_]),
        "dV": np.array([[p.grad for p in row] for row in V_]),
        "dgamma": np.array([p.grad for p in gamma_]),
    }


def _shown(a: Array) -> str:
    """An array's numbers as a student can read them off the message (6 digits)."""
    if np.ndim(a) == 0:
        return f"{float(a):.6g}"
    return "[" + ", ".join(_shown(row) for row in a) + "]"


def _named(symbol: str) -> Callable[[tuple[int, ...]], str]:
    """Names entry ``(j,)`` of a vector as the formulas do: " 的 g_1" for j = 0."""

    def entry(index: tuple[int, ...]) -> str:
        return msg(en=f", {symbol}_{index[0] + 1}", zh=f" 的 {symbol}_{index[0] + 1}")

    return entry


def _opposite(formula: str) -> str:
    return msg(en=f"opposite sign: {formula}", zh=f"符号相反：{formula}")


def _prime_said(out: str, inner: str, formula: str) -> list[Option]:
    """The slips of f′ = out(1 − out) (out is ŷ_j or b_h, f′ taken at ``inner``) in
    ``formula``: taken at the output, left out, one factor dropped or doubled."""
    f_prime = f"{out}(1 − {out})"
    once = msg(
        en=f"f′({inner}) = {f_prime} is in {formula} once",
        zh=f"f′({inner}) = {f_prime} 在 {formula} 里只出现一次",
    )
    at = msg(
        en=f"f′ was taken at {out}; {f_prime} is already f′({inner})",
        zh=f"f′ 是在 {out} 处求的；{f_prime} 本身就是 f′({inner})",
    )
    none = msg(
        en=f"the factor {f_prime} = f′({inner}) is missing", zh=f"少了因子 {f_prime} = f′({inner})"
    )
    said = [("at", at), ("none", none)]
    for option, factor in (("out", f"(1 − {out})"), ("1 - out", out)):
        said.append(
            (
                option,
                msg(
                    en=f"the factor {factor} of f′ = {f_prime} is missing",
                    zh=f"少了 f′ = {f_prime} 中的因子 {factor}",
                ),
            )
        )
    said.append(("squared", msg(en=f"{f_prime} twice: ", zh=f"{f_prime} 乘了两次：") + once))
    for option, factor in (("out twice", out), ("1 - out twice", f"(1 − {out})")):
        said.append(
            (option, msg(en=f"the factor {factor} twice: ", zh=f"因子 {factor} 乘了两次：") + once)
        )
    return [("prime", option, words, words) for option, words in said]


def _prime(out: Array, chosen: dict[str, str]) -> Array:
    """f′ = out(1 − out), or what a slip of _prime_said() makes of it."""
    return {
        "at": _f_prime(out),
        "none": np.ones_like(out),
        "out": out,
        "1 - out": 1 - out,
        "squared": (out * (1 - out)) ** 2,
        "out twice": out**2 * (1 - out),
        "1 - out twice": out * (1 - out) ** 2,
    }.get(chosen.get("prime", ""), out * (1 - out))


def _g_said() -> list[Option]:
    """g_j's slips, a factor at a time: the sign, f′ = ŷ_j(1 − ŷ_j), and y_j − ŷ_j."""
    formula = "g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j)"
    half = msg(
        en="E = ½ Σ_j (ŷ_j − y_j)² has the ½, so no factor 2",
        zh="E = ½ Σ_j (ŷ_j − y_j)² 带着 ½，所以没有因子 2",
    )
    y_squared = msg(en=f"y_j² in place of y_j: {formula}", zh=f"把 y_j 写成了 y_j²：{formula}")
    square = msg(
        en="(y_j − ŷ_j)² in place of y_j − ŷ_j: the square is E's, its derivative "
        "∂E/∂ŷ_j = ŷ_j − y_j has none",
        zh="把 y_j − ŷ_j 写成了 (y_j − ŷ_j)²：平方属于 E，它的导数 ∂E/∂ŷ_j = ŷ_j − y_j 里没有平方",
    )
    cost = msg(
        en="E_j = ½(ŷ_j − y_j)² itself in place of its derivative: −∂E/∂ŷ_j = y_j − ŷ_j",
        zh="用了 E_j = ½(ŷ_j − y_j)² 本身，而不是它的导数：−∂E/∂ŷ_j = y_j − ŷ_j",
    )
    return [
        ("sign", "-", _opposite(formula), msg(en="the sign: ", zh="符号：") + formula),
        (
            "outer",
            "2",
            msg(en="exactly twice: ", zh="正好是两倍：") + half,
            msg(en="a factor 2 too many: ", zh="多了一个因子 2：") + half,
        ),
        *_prime_said("ŷ_j", "β_j − θ_j", formula),
        (
            "prime",
            "target",
            target := msg(
                en="y_j(1 − y_j) in place of ŷ_j(1 − ŷ_j): f′ is the output's, "
                "f′(β_j − θ_j) = ŷ_j(1 − ŷ_j), not the target's",
                zh="把 ŷ_j(1 − ŷ_j) 写成了 y_j(1 − y_j)：f′ 属于输出，"
                "f′(β_j − θ_j) = ŷ_j(1 − ŷ_j)，与目标值无关",
            ),
            target,
        ),
        ("outer", "y squared", y_squared, y_squared),
        ("outer", "squared", square, square),
        ("outer", "cost", cost, cost),
    ]


def _g_number(y_hat: Array, y: Array) -> Callable[[dict[str, str]], Array]:
    """g = ŷ(1 − ŷ)(y − ŷ) with options of _g_said() chosen."""

    def number(chosen: dict[str, str]) -> Array:
        outer = {
            "2": 2 * (y - y_hat),
            "y squared": y**2 - y_hat,
            "squared": (y - y_hat) ** 2,
            "cost": 0.5 * (y - y_hat) ** 2,
        }.get(chosen.get("outer", ""), y - y_hat)
        prime = y * (1 - y) if chosen.get("prime") == "target" else _prime(y_hat, chosen)
        return (-1 if "sign" in chosen else 1) * prime * outer

    return number


def _always(number: Array) -> Callable[[Any], Array]:
    """A ``number`` of :func:`slips.gives` that is ``number`` whatever is chosen: an answer
    compared with one formula, not a table's options."""
    return lambda _: number


def check_g_j(g_of: Callable[[Array, Array], Array]) -> Verdict:
    """``g_of(y_hat, y)`` must be g_j = −∂E/∂β_j = ŷ_j(1 − ŷ_j)(y_j − ŷ_j), for every j.

    Every message names the call with its inputs: the networks are the check's own.
    """

    def attempt() -> None:
        for seed, target in CASES:
            net = _network(seed, target)
            y_hat, y, g = net["y_hat"], net["y"], net["g"]
            what = f"g_of(y_hat={_shown(y_hat)}, y={_shown(y)})"
            got = call(what, g_of, y_hat, y)
            got = listed_once(what, got, len(g))  # a generator: read as its list
            number = _g_number(y_hat, y)
            alone, pairs = factor_slips(
                _g_said(),
                number,
                gives(got, number),
            )
            # a learning rate the function reads first: it says more than "exactly half"
            slips = [*rate_slips(g_of, g, "g_j", "E"), *alone, *pairs]
            # the whole answer g in reverse (g[::-1], a loop over j from the end), not one
            # entry of it that happens to be another's
            if gives(got, _always(g[::-1]))(None):
                reversed_order = msg(
                    en="g's entries in reversed order: g_j belongs to output j, the j-th "
                    "entries of y_hat and y, so g_1 comes first",
                    zh="g 的各项顺序反了：g_j 属于第 j 个输出，对应 y_hat 和 y 的第 j 项，"
                    "所以 g_1 在最前面",
                )
                slips.insert(0, (g[::-1], reversed_order))
            expect_close_all(what, got, g, rel=1e-9, abs_tol=1e-15, slips=slips, entry=_named("g"))

    return check(msg(en="g_j, the output layer's gradient term", zh="g_j，输出层的梯度项"), attempt)


def _e_said() -> list[Option]:
    """e_h's slips, a factor at a time: the sign, f′ = b_h(1 − b_h), Σ_j w_hj g_j, and a
    factor 2 or ½ (g is given: e_h has no 2 and no ½ of its own to gain or lose)."""
    formula = "e_h = b_h(1 − b_h) Σ_j w_hj g_j"
    all_h = msg(
        en="Σ_j w_hj g_j was summed over every h too: e_h takes its own h's, "
        "Σ_j w_hj g_j, the h-th entry of W @ g",
        zh="Σ_j w_hj g_j 又对所有 h 求了和：e_h 只用它自己那个 h 的 Σ_j w_hj g_j，"
        "即 W @ g 的第 h 项",
    )
    twice = msg(
        en=f"a factor 2 too many; {formula} has no factor 2",
        zh=f"多了一个因子 2；{formula} 里没有因子 2",
    )
    half = msg(en=f"a ½ too many; {formula} has no ½", zh=f"多了一个 ½；{formula} 里没有 ½")
    # a loop over j that stops at its first term (a return inside it) or keeps its last
    # (= where += is due)
    first_j = msg(
        en="only the first output's term, w_h1 g_1: Σ_j w_hj g_j adds every j's (a return "
        "inside the loop over j?)",
        zh="只有第一个输出的那一项 w_h1 g_1：Σ_j w_hj g_j 要把每个 j 的项加起来"
        "（是不是在对 j 的循环里就返回了？）",
    )
    last_j = msg(
        en="only the last output's term, w_hl g_l: Σ_j w_hj g_j adds every j's (= where += "
        "is due?)",
        zh="只有最后一个输出的那一项 w_hl g_l：Σ_j w_hj g_j 要把每个 j 的项加起来"
        "（是不是把 += 写成了 =？）",
    )
    # Σ_j g_j, the same for every h: the weights that take g_j back to h left out
    unweighted = msg(
        en="Σ_j g_j without the weights: g_j comes back to h through the weight w_hj from h "
        "to j, so e_h takes Σ_j w_hj g_j, the h-th entry of W @ g",
        zh="Σ_j g_j 少了权重：g_j 要经过从 h 到 j 的权重 w_hj 才传回 h，"
        "所以 e_h 用的是 Σ_j w_hj g_j，即 W @ g 的第 h 项",
    )
    return [
        (
            "sign",
            "-",
            msg(
                en=f"opposite sign: {formula}, with g as given",
                zh=f"符号相反：{formula}，g 直接用给定的",
            ),
            msg(en=f"the sign: {formula}, with g as given", zh=f"符号：{formula}，g 直接用给定的"),
        ),
        ("scale", "2", msg(en="exactly twice: ", zh="正好是两倍：") + twice, twice),
        ("scale", "1/2", msg(en="exactly half: ", zh="正好是一半：") + half, half),
        *_prime_said("b_h", "α_h − γ_h", formula),
        ("sum", "all h", all_h, all_h),
        ("sum", "first j", first_j, first_j),
        ("sum", "last j", last_j, last_j),
        ("sum", "no w", unweighted, unweighted),
    ]


def _e_number(b: Array, W: Array, g: Array) -> Callable[[dict[str, str]], Array]:
    """e = b(1 − b)·(W @ g) with options of _e_said() chosen."""

    def number(chosen: dict[str, str]) -> Array:
        back = W @ g
        if chosen.get("sum") == "all h":
            back = np.full_like(back, np.sum(back))
        if chosen.get("sum") == "no w":
            back = np.full_like(back, np.sum(g))
        if chosen.get("sum") in ("first j", "last j"):
            j = 0 if chosen["sum"] == "first j" else -1
            back = W[:, j] * g[j]
        scale = {"2": 2.0, "1/2": 0.5}.get(chosen.get("scale", ""), 1.0)
        return (-1 if "sign" in chosen else 1) * scale * _prime(b, chosen) * back

    return number


class _Watched(np.ndarray):
    """W or g as the student's e_of reads them, keeping each IndexError their indexing
    raised (a row of W, W.T, any view of them, shares the list): the hint "an index that
    W or g does not have" was given for any IndexError, a list of the student's own
    written past its end too. Arithmetic on them gives plain arrays."""

    raised: list[IndexError]

    def __array_finalize__(self, obj: Any) -> None:
        self.raised = getattr(obj, "raised", [])

    def __getitem__(self, index: Any) -> Any:
        try:
            return super().__getitem__(index)
        except IndexError as error:
            self.raised.append(error)
            raise

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if "out" in kwargs:
            kwargs["out"] = tuple(_plain(a) for a in kwargs["out"])
        return getattr(ufunc, method)(*map(_plain, inputs), **kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return func(*map(_plain, args), **{k: _plain(v) for k, v in kwargs.items()})

    def __repr__(self) -> str:  # the array the student was given: f"{W=}" reads W=array(…)
        return repr(self.view(np.ndarray))


def _plain(value: Any) -> Any:
    """``value`` with a _Watched array in it (or in a list or tuple of it) as a plain one."""
    if isinstance(value, _Watched):
        return value.view(np.ndarray)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _watched(array: Array) -> _Watched:
    watched = np.array(array).view(_Watched)
    watched.raised = []
    return watched


def check_e_h(e_of: Callable[[Array, Array, Array], Array]) -> Verdict:
    """``e_of(b, W, g)`` must be e_h = −∂E/∂α_h = b_h(1 − b_h) Σ_j w_hj g_j, for every h.

    Every message names the call with its inputs, as check_g_j does; a shape numpy
    refuses (``W.T @ g``) is told with the inputs' shapes.
    """

    def attempt() -> None:
        for seed, target in CASES:
            net = _network(seed, target)
            b, W, g, e = net["b"], net["W"], net["g"], net["e"]
            q, n_out = W.shape
            what = f"e_of(b={_shown(b)}, W={_shown(W)}, g={_shown(g)})"
            shapes = msg(
                en=f"b has length q = {q}, W has shape (q, l) = ({q}, {n_out}) and g length "
                f"l = {n_out}; Σ_j w_hj g_j for every h is W @ g",
                zh=f"b 的长度 q = {q}，W 的形状 (q, l) = ({q}, {n_out})，g 的长度 l = {n_out}；"
                "对每个 h 求 Σ_j w_hj g_j，就是 W @ g",
            )
            d = len(net["x"])
            # a loop's index past the end of W or g: Σ over the inputs i (range(d)) or the
            # hidden neurons h (range(q)) for the outputs j, or W[j, h] for w_hj
            past_the_end = msg(
                en=f"an index that W or g does not have: Σ_j w_hj g_j runs over the "
                f"l = {n_out} outputs j (the entries of g, the columns of W), not over the "
                f"d = {d} inputs i or the q = {q} hidden neurons h; w_hj is W[h, j], W of "
                f"shape (q, l) = ({q}, {n_out})",
                zh=f"用了 W 或 g 没有的下标：Σ_j w_hj g_j 是对 l = {n_out} 个输出 j 求和"
                f"（g 的各项，W 的各列），不是对 d = {d} 个输入 i 或 q = {q} 个隐层神经元 h；"
                f"w_hj 是 W[h, j]，W 的形状 (q, l) = ({q}, {n_out})",
            )
            W_read, g_read = _watched(W), _watched(g)
            # told for an IndexError W or g raised, not one of a list of the student's own
            read = (W_read, g_read)
            known = [
                (
                    lambda error, read=read: any(error is e for a in read for e in a.raised),
                    past_the_end,
                )
            ]
            got = call(what, e_of, b, W_read, g_read, shapes=shapes, known=known)
            got = listed_once(what, got, len(e))  # a generator: read as its list
            number = _e_number(b, W, g)
            alone, pairs = factor_slips(
                _e_said(),
                number,
                gives(got, number),
            )
            # Σ_h e_h in every entry: the sum over h taken outside b_h(1 − b_h) too
            every = np.full_like(e, np.sum(e))
            said = msg(
                en="that is Σ_h e_h, every hidden neuron's e_h added up: e_h is one number per h",
                zh="这是 Σ_h e_h，把所有隐层神经元的 e_h 加在了一起：每个 h 各有一个 e_h",
            )
            # a learning rate the function reads first: it says more than "exactly half"
            slips = [*rate_slips(e_of, e, "e_h", "E"), *alone, (every, said), *pairs]
            expect_close_all(
                what,
                got,
                e,
                rel=1e-9,
                abs_tol=1e-15,
                slips=slips,
                entry=_named("e"),
                shape_hint=shapes,
            )

    return check(msg(en="e_h, the hidden layer's gradient term", zh="e_h，隐层的梯度项"), attempt)


def check_updates(updates: Callable[[Array, Array, Array, Array, float], Any]) -> Verdict:
    """``updates(x, b_hidden, g, e, eta)`` → (ΔW, Δθ, ΔV, Δγ), 周志华 (5.11)–(5.14)
    ((5.12) is the g_j and (5.14) the e_h written inside them):
    Δw_hj = η g_j b_h, Δθ_j = −η g_j, Δv_ih = η e_h x_i, Δγ_h = −η e_h.

    The oracle is gradient descent on the engine's gradients, Δp = −η ∂E/∂p for every
    parameter p of the network (θ and γ included, as Values); g and e given to the
    student are the engine's too (−∂E/∂β, −∂E/∂α).
    """

    def attempt() -> None:
        for (seed, target), eta in zip(CASES, (0.3, 0.1), strict=True):
            net = _network(seed, target)
            x, b, g, e = net["x"], net["b"], net["g"], net["e"]
            d, q, n_out = len(x), len(b), len(g)
            what = (
                f"updates(x={_shown(x)}, b_hidden={_shown(b)}, g={_shown(g)}, "
                f"e={_shown(e)}, eta={eta:g})"
            )
            shapes = msg(
                en=f"x has length d = {d}, b_hidden length q = {q}, g length l = {n_out} and e "
                f"length q = {q}; ΔW = eta * np.outer(b_hidden, g) has shape (q, l), "
                "Δθ = -eta * g length l, ΔV = eta * np.outer(x, e) shape (d, q) and "
                "Δγ = -eta * e length q",
                zh=f"x 的长度 d = {d}，b_hidden 的长度 q = {q}，g 的长度 l = {n_out}，e 的长度 "
                f"q = {q}；ΔW = eta * np.outer(b_hidden, g) 的形状是 (q, l)，Δθ = -eta * g 的"
                "长度是 l，ΔV = eta * np.outer(x, e) 的形状是 (d, q)，Δγ = -eta * e 的长度是 q",
            )
            got = returned_items(
                what,
                call(what, updates, x, b, g, e, eta, shapes=shapes),
                4,
                ("4 arrays (ΔW, Δθ, ΔV, Δγ)", " 4 个数组（ΔW, Δθ, ΔV, Δγ）"),
            )
            parts = [
                (
                    "ΔW",
                    "Δw_hj",
                    ("h", "j"),
                    -eta * net["dW"],
                    "Δw_hj = η g_j b_h",
                    msg(
                        en=f"ΔW has the shape of W, (q, l) = ({q}, {n_out}): Δw_hj = η g_j b_h "
                        "is eta * np.outer(b_hidden, g)",
                        zh=f"ΔW 与 W 同形，(q, l) = ({q}, {n_out})：Δw_hj = η g_j b_h "
                        "就是 eta * np.outer(b_hidden, g)",
                    ),
                ),
                (
                    "Δθ",
                    "Δθ_j",
                    ("j",),
                    -eta * net["dtheta"],
                    "Δθ_j = −η g_j",
                    msg(
                        en=f"Δθ has the shape of θ, one per output, l = {n_out}: "
                        "Δθ_j = −η g_j is -eta * g",
                        zh=f"Δθ 与 θ 同形，每个输出一个，l = {n_out}：Δθ_j = −η g_j 就是 -eta * g",
                    ),
                ),
                (
                    "ΔV",
                    "Δv_ih",
                    ("i", "h"),
                    -eta * net["dV"],
                    "Δv_ih = η e_h x_i",
                    msg(
                        en=f"ΔV has the shape of V, (d, q) = ({d}, {q}): Δv_ih = η e_h x_i "
                        "is eta * np.outer(x, e)",
                        zh=f"ΔV 与 V 同形，(d, q) = ({d}, {q})：Δv_ih = η e_h x_i "
                        "就是 eta * np.outer(x, e)",
                    ),
                ),
                (
                    "Δγ",
                    "Δγ_h",
                    ("h",),
                    -eta * net["dgamma"],
                    "Δγ_h = −η e_h",
                    msg(
                        en=f"Δγ has the shape of γ, one per hidden neuron, q = {q}: "
                        "Δγ_h = −η e_h is -eta * e",
                        zh=f"Δγ 与 γ 同形，每个隐层神经元一个，q = {q}："
                        "Δγ_h = −η e_h 就是 -eta * e",
                    ),
                ),
            ]
            _in_order(what, got, [(part[0], np.shape(part[3]), part[5]) for part in parts])
            # e_h's factor b_h(1 − b_h) carried into ΔW, by hand from b and g: for b_h, or
            # beside it. f′ of the hidden layer belongs to e_h (and so to ΔV), not to ΔW
            f_hidden = b * (1 - b)
            belongs = msg(
                en="b_h(1 − b_h) is f′ of the hidden layer: it belongs in e_h = "
                "b_h(1 − b_h) Σ_j w_hj g_j (and so in ΔV), not in Δw_hj = η g_j b_h, "
                "which takes b_h as it is",
                zh="b_h(1 − b_h) 是隐层的 f′：它属于 e_h = b_h(1 − b_h) Σ_j w_hj g_j"
                "（因而出现在 ΔV 里），不属于 Δw_hj = η g_j b_h，那里的 b_h 原样使用",
            )
            hidden_prime = {
                "ΔW": [
                    (
                        eta * np.outer(f_hidden, g),
                        msg(
                            en=f"b_h(1 − b_h) in place of b_h: {belongs}",
                            zh=f"用 b_h(1 − b_h) 代替了 b_h：{belongs}",
                        ),
                    ),
                    (
                        eta * np.outer(b * f_hidden, g),
                        msg(
                            en=f"a factor b_h(1 − b_h) too many: {belongs}",
                            zh=f"多了一个因子 b_h(1 − b_h)：{belongs}",
                        ),
                    ),
                ]
            }
            for value, (name, element, letters, expected, formula, shape_hint) in zip(
                got, parts, strict=True
            ):

                def entry(
                    index: tuple[int, ...],
                    element: str = element,
                    letters: tuple[str, ...] = letters,
                ) -> str:
                    at = ", ".join(f"{k} = {i + 1}" for k, i in zip(letters, index, strict=True))
                    at_zh = "，".join(f"{k} = {i + 1}" for k, i in zip(letters, index, strict=True))
                    return msg(en=f", {element} at {at}", zh=f" 中的 {element}（{at_zh}）")

                sign = _opposite(formula)
                if name in ("Δθ", "Δγ"):  # the threshold enters with a minus: f(β_j − θ_j)
                    # θ_j of the output layer, γ_h of the hidden one (Δγ was told f(β_j − θ_j))
                    entered = "f(β_j − θ_j)" if name == "Δθ" else "f(α_h − γ_h)"
                    sign = msg(
                        en=f"opposite sign: {formula}; a threshold is subtracted, "
                        f"{entered}, so its update has the other sign",
                        zh=f"符号相反：{formula}；阈值是被减去的，{entered}，"
                        "所以它的更新带相反的符号",
                    )
                expect_close_all(
                    msg(en=f"{what}: {name}", zh=f"{what} 返回的 {name}"),
                    value,
                    expected,
                    rel=1e-9,
                    abs_tol=1e-15,
                    slips=[
                        (-expected, sign),
                        (
                            eta * expected,
                            msg(
                                en=f"η applied twice: {formula} has one factor η",
                                zh=f"η 乘了两次：{formula} 里只有一个 η",
                            ),
                        ),
                        (
                            expected / eta,
                            msg(
                                en=f"the learning rate η is missing: {formula}",
                                zh=f"少了学习率 η：{formula}",
                            ),
                        ),
                        *hidden_prime.get(name, []),
                    ],
                    entry=entry,
                    shape_hint=shape_hint,
                )

    return check(
        msg(
            en="the four updates ΔW, Δθ, ΔV, Δγ of standard BP",
            zh="标准 BP 的四个更新量 ΔW、Δθ、ΔV、Δγ",
        ),
        attempt,
    )


def _in_order(what: str, got: list[Any], due: list[tuple[str, tuple[int, ...], str]]) -> None:
    """A Mistake if ``got`` has the shapes of ``due`` (names, shapes, all shapes different,
    and each place's shape hint) in another order: the tuple's order, told as such, not
    as one entry's shape (a ΔV where Δθ was due was asked "broadcasting?"). The same
    shapes come from formulas that mix the two layers up in the right order (Δθ = −η e,
    Δγ = −η g), so the place's formula is told too."""
    # read by type (np.shape ran a student's object's __len__ and __getitem__); None for
    # a ragged list or an object of the student's: each entry's own check says what it is
    read = [shape_of(value) for value in got]
    shapes = [shape for shape in read if shape is not None]
    if len(shapes) != len(read):
        return
    wanted = [shape for _, shape, _ in due]
    if shapes == wanted or sorted(shapes) != sorted(wanted):
        return
    k = next(k for k, shape in enumerate(shapes) if shape != wanted[k])
    names = ", ".join(name for name, _, _ in due)
    other = due[wanted.index(shapes[k])][0]
    raise Mistake(
        msg(
            en=f"{what}: in the place of {due[k][0]} is an array of shape {shapes[k]}, "
            f"the shape of {other}: the {len(due)} come in the order ({names}); if yours "
            f"do, {due[k][2]}",
            zh=f"{what} 在 {due[k][0]} 的位置上返回的数组形状是 {shapes[k]}，那是 {other} "
            f"的形状：这 {len(due)} 个量的顺序是 ({names})；若顺序无误，{due[k][2]}",
        )
    )


def _delta_said(layer: int) -> list[Option]:
    """The δ step's slips, a factor at a time: the sign, f′(z), and a factor 2 or ½
    (δ^(l+1) is given: the step has no 2 and no ½ of its own to gain or lose)."""
    formula = f"δ^({layer}) = (W^({layer})ᵀ δ^({layer + 1})) ⊙ f′(z^({layer}))"
    not_f_prime = msg(
        en="is not f′(z): f′(z) = f(z)(1 − f(z)), f(z) in both factors",
        zh="不是 f′(z)：f′(z) = f(z)(1 − f(z))，两个因子里都是 f(z)",
    )
    at = msg(
        en="f′ was taken at f(z), the output; it is f′(z), at the weighted input",
        zh="f′ 是在输出 f(z) 处求的；应在加权输入 z 处求 f′(z)",
    )
    f_for = msg(en="f(z) in place of f′(z)", zh="把 f(z) 当成了 f′(z)")
    back = f"W^({layer})ᵀ δ^({layer + 1})"
    at_back = msg(
        en=f"f′ was taken at {back}, what comes back from layer {layer + 1}; it is "
        f"f′(z^({layer})), at layer {layer}'s own weighted input z",
        zh=f"f′ 是在从第 {layer + 1} 层传回来的 {back} 处求的；应在第 {layer} 层自己的"
        f"加权输入 z 处求 f′(z^({layer}))",
    )
    none = msg(en="the factor f′(z^(l)) is missing", zh="少了因子 f′(z^(l))")
    twice = msg(
        en=f"a factor 2 too many; {formula} has no factor 2",
        zh=f"多了一个因子 2；{formula} 里没有因子 2",
    )
    half = msg(en=f"a ½ too many; {formula} has no ½", zh=f"多了一个 ½；{formula} 里没有 ½")
    given = msg(
        en=f"{formula}, with δ^({layer + 1}) as given",
        zh=f"{formula}，δ^({layer + 1}) 直接用给定的",
    )
    return [
        (
            "sign",
            "-",
            msg(en="opposite sign: ", zh="符号相反：") + given,
            msg(en="the sign: ", zh="符号：") + given,
        ),
        ("prime", "f(z)(1 - z)", f"f(z)(1 − z) {not_f_prime}", f"f(z)(1 − z) {not_f_prime}"),
        ("prime", "z(1 - z)", f"z(1 − z) {not_f_prime}", f"z(1 − z) {not_f_prime}"),
        ("prime", "at f(z)", at, at),
        ("prime", "at back", at_back, at_back),
        ("prime", "f(z)", f_for, f_for),
        ("prime", "none", none, none),
        ("scale", "2", msg(en="exactly twice: ", zh="正好是两倍：") + twice, twice),
        ("scale", "1/2", msg(en="exactly half: ", zh="正好是一半：") + half, half),
    ]


def _delta_number(back: Array, z: Array) -> Callable[[dict[str, str]], Array]:
    """δ = back ⊙ f′(z) (back = W^(l)ᵀ δ^(l+1)) with options of _delta_said() chosen."""

    def number(chosen: dict[str, str]) -> Array:
        prime = {
            "f(z)(1 - z)": _f(z) * (1 - z),
            "z(1 - z)": z * (1 - z),
            "at f(z)": _f_prime(_f(z)),
            "at back": _f_prime(back),
            "f(z)": _f(z),
            "none": np.ones_like(z),
        }.get(chosen.get("prime", ""), _f_prime(z))
        scale = {"2": 2.0, "1/2": 0.5}.get(chosen.get("scale", ""), 1.0)
        return (-1 if "sign" in chosen else 1) * scale * back * prime

    return number


def check_delta_step(delta_step: Callable[[Array, Array, Array], Array]) -> Verdict:
    """``delta_step(W, z, delta_next)`` must be δ^(l) = (W^(l)ᵀ δ^(l+1)) ⊙ f′(z^(l)).

    W^(l) has shape (S_{l+1}, S_l), z^(l) and the result have S_l entries, f is the
    sigmoid. The oracle: the gradients the engine leaves on the z nodes of a 4-5-3-2
    network with J = ½‖a − y‖², one example.
    """

    def attempt() -> None:
        rng = np.random.default_rng(11)
        sizes = [4, 5, 3, 2]
        Ws = [rng.normal(0, 0.7, size=(m, n)) for n, m in itertools.pairwise(sizes)]
        bs = [rng.normal(0, 0.3, size=m) for m in sizes[1:]]
        act: list[Any] = [float(t) for t in rng.uniform(-1, 1, size=sizes[0])]
        y = rng.uniform(0, 1, size=sizes[-1])
        zs = []  # zs[k] = the z nodes of layer k + 2
        for W, b in zip(Ws, bs, strict=True):
            z = [
                dot([Value(float(w)) for w in row], act, float(bi))
                for row, bi in zip(W, b, strict=True)
            ]
            zs.append(z)
            act = [node.sigmoid() for node in z]
        (0.5 * vsum([(a - float(t)) ** 2 for a, t in zip(act, y, strict=True)])).backward()
        for k in (1, 0):  # δ^(3) from δ^(4), then δ^(2) from δ^(3)
            layer = k + 2
            z_values = np.array([node.data for node in zs[k]])
            delta_next = np.array([node.grad for node in zs[k + 1]])
            expected = np.array([node.grad for node in zs[k]])
            W = Ws[k + 1]
            rows, cols = W.shape
            what = f"delta_step(W^({layer}), z^({layer}), δ^({layer + 1}))"
            shapes = msg(
                en=f"W^({layer}) has shape (S_{layer + 1}, S_{layer}) = ({rows}, {cols}), "
                f"z^({layer}) length S_{layer} = {cols} and δ^({layer + 1}) length "
                f"S_{layer + 1} = {rows}; W^({layer})ᵀ δ^({layer + 1}) is W.T @ delta_next, of "
                f"length S_{layer} = {cols}, and ⊙ multiplies it entry by entry by "
                f"f′(z^({layer})), of length {cols} too: (W.T @ delta_next) * f_prime(z)",
                zh=f"W^({layer}) 的形状 (S_{layer + 1}, S_{layer}) = ({rows}, {cols})，"
                f"z^({layer}) 的长度 S_{layer} = {cols}，δ^({layer + 1}) 的长度 "
                f"S_{layer + 1} = {rows}；W^({layer})ᵀ δ^({layer + 1}) 就是 W.T @ delta_next，"
                f"长度为 S_{layer} = {cols}；⊙ 是把它与同样长度为 {cols} 的 f′(z^({layer})) "
                "逐项相乘：(W.T @ delta_next) * f_prime(z)",
            )
            got = call(what, delta_step, W, z_values, delta_next, shapes=shapes)
            got = listed_once(what, got, len(expected))  # a generator: read as its list
            back = W.T @ delta_next  # W^(l)ᵀ δ^(l+1)
            number = _delta_number(back, z_values)
            alone, pairs = factor_slips(_delta_said(layer), number, gives(got, number))
            slips = [*alone, *pairs]
            # a learning rate the function reads first: it says more than "exactly half"
            slips = [*rate_slips(delta_step, expected, f"δ^({layer})", "J"), *slips]
            expect_close_all(
                f"δ^({layer})",
                got,
                expected,
                rel=1e-9,
                abs_tol=1e-15,
                slips=slips,
                entry=lambda index: f"_{index[0] + 1}",
                shape_hint=shapes,
            )

    return check(msg(en="one step of the δ recursion", zh="δ 递推的一步"), attempt)
