"""Checks for notebook 02's exercises: the output layer's three derivatives, then the chain."""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import math
import operator
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from autograd_mini import Value

from . import (
    Verdict,
    _cut_short,
    _taken,
    call,
    check,
    expect_close,
    fit,
    msg,
    probe,
    returned_items,
    stopped,
)
from .limit import TooLong, time_limit
from .reading import plain, read_number
from .slips import Option, factor_slips, gives, rate_slips, two

__all__ = ["check_chain_gradients", "check_output_layer"]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _sigmoid_prime(z: float) -> float:
    return _sigmoid(z) * (1.0 - _sigmoid(z))


def _elsewhere(numbers: Sequence[float | None], engines: Sequence[float], j: int) -> int | None:
    """The other place whose derivative ``numbers[j]`` is, when it is wrong for its own:
    None if it is right, not a number, or a number no other place has."""
    number = numbers[j]
    if number is None or _near(number, engines[j]):
        return None
    return next((k for k in range(len(engines)) if k != j and _near(number, engines[k])), None)


def _near(x: float, y: float) -> bool:
    """The check's own tolerance (``expect_close``'s rel=1e-9)."""
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def _dz_said() -> list[Option]:
    """The output layer's slips of ∂C₀/∂z: (factor, option, alone, as one of two)."""
    not_prime = msg(
        en="is not σ′(z): σ′(z) = σ(z)(1 − σ(z)), σ(z) in both factors",
        zh="不是 σ′(z)：σ′(z) = σ(z)(1 − σ(z))，两个因子里都是 σ(z)",
    )
    sign = msg(en="∂C₀/∂a = 2(a − y), not 2(y − a)", zh="∂C₀/∂a = 2(a − y)，不是 2(y − a)")
    half = msg(
        en="C₀ = (a − y)² has no ½, so ∂C₀/∂a = 2(a − y)",
        zh="C₀ = (a − y)² 前面没有 ½，所以 ∂C₀/∂a = 2(a − y)",
    )
    twice = msg(
        en="a factor 2 too many; C₀ = (a − y)² gives ∂C₀/∂a = 2(a − y), one factor 2",
        zh="多了一个因子 2；C₀ = (a − y)² 给出 ∂C₀/∂a = 2(a − y)，只有一个因子 2",
    )
    cost = msg(
        en="C₀ = (a − y)² itself in place of its derivative ∂C₀/∂a = 2(a − y)",
        zh="用了 C₀ = (a − y)² 本身，而不是它的导数 ∂C₀/∂a = 2(a − y)",
    )
    at_a = msg(
        en="σ′ was taken at a = σ(z); the link ∂a/∂z is σ′(z), at z",
        zh="σ′ 是在 a = σ(z) 处求的；∂a/∂z 是 σ′(z)，应在 z 处求",
    )
    no_prime = msg(en="the link ∂a/∂z = σ′(z) is missing", zh="少了一环 ∂a/∂z = σ′(z)")
    at_input = msg(
        en="σ′ was taken at a_prev, the layer's input; the link ∂a/∂z is σ′(z), at "
        "z = w·a_prev + b",
        zh="σ′ 是在这一层的输入 a_prev 处求的；∂a/∂z 是 σ′(z)，应在 z = w·a_prev + b 处求",
    )
    no_bias = msg(en="the bias is missing: z = w·a_prev + b", zh="少了偏置：z = w·a_prev + b")
    no_input = msg(
        en="the input is missing from z: z = w·a_prev + b, not w + b",
        zh="z 里少了输入：z = w·a_prev + b，不是 w + b",
    )
    sigma = msg(
        en="σ(z) in place of σ′(z) = σ(z)(1 − σ(z))", zh="把 σ(z) 当成了 σ′(z) = σ(z)(1 − σ(z))"
    )
    signed = msg(en="the sign: ", zh="符号：")
    return [
        ("outer", "sign", msg(en="opposite sign: ", zh="符号相反：") + sign, signed + sign),
        (
            "outer",
            "half",
            msg(en="exactly half: ", zh="正好是一半：") + half,
            msg(en="a factor 2 missing: ", zh="少了因子 2：") + half,
        ),
        ("outer", "twice", msg(en="exactly twice: ", zh="正好是两倍：") + twice, twice),
        ("prime", "at a", at_a, at_a),
        ("prime", "at a_prev", at_input, at_input),
        ("prime", "none", no_prime, no_prime),
        ("z", "no bias", no_bias, no_bias),
        ("z", "no input", no_input, no_input),
        ("prime", "sigma", sigma, sigma),
        ("prime", "z(1-z)", f"z(1 − z) {not_prime}", f"z(1 − z) {not_prime}"),
        ("outer", "cost", cost, cost),
    ]


def _dz(w: float, b: float, a_prev: float, y: float, options: dict[str, str]) -> float:
    """∂C₀/∂z = σ′(z)·2(a − y) with ``options`` (factor → option of _dz_said) changed."""
    z = {"no bias": w * a_prev, "no input": w + b}.get(options.get("z", ""), w * a_prev + b)
    a = _sigmoid(z)
    prime = {
        "at a": _sigmoid_prime(a),
        "at a_prev": _sigmoid_prime(a_prev),
        "none": 1.0,
        "sigma": a,
        "z(1-z)": z * (1 - z),
    }.get(options.get("prime", ""), _sigmoid_prime(z))
    outer = {
        "sign": 2 * (y - a),
        "half": a - y,
        "twice": 4 * (a - y),
        "cost": (a - y) ** 2,
    }.get(options.get("outer", ""), 2 * (a - y))
    return prime * outer


def _place(
    w: float, b: float, a_prev: float, y: float, link: float, wrong: list[float]
) -> Callable[[dict[str, str]], float]:
    """∂C₀/∂(place) = link·∂C₀/∂z with chosen options of _dz_said() and a "link" option
    k, the wrong link ``wrong[k]`` in place of the right ``link``."""

    def number(chosen: dict[str, str]) -> float:
        k = chosen.get("link")
        return (link if k is None else wrong[int(k)]) * _dz(w, b, a_prev, y, chosen)

    return number


def _places(
    w: float, b: float, a_prev: float, y: float
) -> dict[str, Callable[[dict[str, str]], float]]:
    """Each place's _place at one case, its wrong links in the order check_output_layer
    names them: ∂z/∂w as w, σ(a_prev) or missing; ∂z/∂b as b or a_prev; ∂z/∂a_prev as
    a_prev or missing."""
    wrong = {
        "∂C₀/∂w": [w, _sigmoid(a_prev), 1.0],
        "∂C₀/∂b": [b, a_prev],
        "∂C₀/∂a_prev": [a_prev, 1.0],
    }
    links = {"∂C₀/∂w": a_prev, "∂C₀/∂b": 1.0, "∂C₀/∂a_prev": w}
    return {place: _place(w, b, a_prev, y, link, wrong[place]) for place, link in links.items()}


def _explains(
    numbers: Sequence[float | None],
    places: dict[str, Callable[[dict[str, str]], float]],
    name: str,
    others: Sequence[
        Callable[[], tuple[Sequence[float | None], dict[str, Callable[..., float]]]]
    ] = (),
) -> Callable[[dict[str, str]], bool]:
    """Do the chosen options give the student's three ``numbers`` (a "link" option in
    the place ``name`` only, the others with their right links)? Two slips are named
    only where they give the whole answer, not one number of it, and the answers at the
    ``others`` cases too (each a function giving the student's numbers and the places
    there): at y = 1, 1 − a = −(a − y), and σ′(z)·(y − a) is σ(z)·(a − y)² — an answer
    of (y − a) for 2(a − y) was told "σ(z) in place of σ′(z); and C₀ itself"."""

    def gives_at(
        numbers: Sequence[float | None],
        places: dict[str, Callable[..., float]],
        chosen: dict[str, str],
    ) -> bool:
        elsewhere = {factor: option for factor, option in chosen.items() if factor != "link"}
        return all(
            number is not None
            and _near(number, places[place](chosen if place == name else elsewhere))
            for number, place in zip(numbers, places, strict=True)
        )

    def explains(chosen: dict[str, str]) -> bool:
        return gives_at(numbers, places, chosen) and all(
            gives_at(*other(), chosen) for other in others
        )

    return explains


def _case(w: float, b: float, a_prev: float, y: float) -> str:
    """One case of :func:`check_output_layer` as its messages name it."""
    return f"(w={w:g}, b={b:g}, a_prev={a_prev:g}, y={y:g})"


def check_output_layer(
    output_layer_gradients: Callable[[float, float, float, float], Sequence[float]],
) -> Verdict:
    """``output_layer_gradients(w, b, a_prev, y)`` → (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev).

    The last layer of a one-neuron-per-layer chain: z = w·a_prev + b, a = σ(z),
    C₀ = (a − y)². The oracle is the engine.
    """

    cases = [(0.8, 0.2, 0.6, 1.0), (-1.3, 0.5, 0.9, 0.0)]

    # case -> what the student's function printed, returned and raised there, and whether
    # the answer was a one-pass iterator (a generator), read once into a list: it is
    # called once a case, by whoever asks first (its check, or another case's pairs), and
    # a pair's look at a case checked before called it again, a print or a count seen twice
    runs: dict[tuple[float, ...], tuple[str, Any, Exception | None, bool]] = {}
    due = (
        "3 numbers (∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev)",
        " 3 个数（∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev）",
    )

    def run(*case: float) -> tuple[str, Any, Exception | None, bool]:
        if case not in runs:
            printed = io.StringIO()
            once = False
            try:
                # another case's pairs run it outside call(): under the same time limit
                # (none added inside call's own), and stopped in call's words
                with time_limit(), contextlib.redirect_stdout(printed):
                    got = output_layer_gradients(*case)
                    if isinstance(got, Iterator):
                        # read once, as far as one entry past the three due, as
                        # returned_items reads one: list(got) read a generator that never
                        # ends until the time limit ("still running") or a MemoryError; a
                        # StopIteration of the function of a map(f, xs) is raised, not
                        # taken for the map's end
                        got, once = _taken(got, 4), True
            except (TooLong, KeyboardInterrupt) as error:
                sys.stdout.write(printed.getvalue())
                raise stopped(f"output_layer_gradients{_case(*case)}", error) from None
            except Exception as error:  # raised again where the case is checked
                runs[case] = (printed.getvalue(), None, error, once)
            else:
                runs[case] = (printed.getvalue(), got, None, once)
        return runs[case]

    def checked(*case: float) -> Any:
        """The student's function at ``case`` where the case is checked: its prints shown,
        a one-pass answer given back as one (its entries read), told "more than 3" as such."""
        printed, got, error, once = run(*case)
        sys.stdout.write(printed)
        if error is not None:
            raise error
        return iter(got) if once else got

    @functools.cache
    def answer_at(case: tuple[float, float, float, float]) -> tuple[list[float | None], Any]:
        """The student's numbers at ``case`` (three Nones where there are not three numbers),
        and the places there: for a pair to give the whole answer, at every case.

        The answer is read as the check of that case reads it (:func:`returned_items`),
        quietly (:func:`probe`): ``list(got)`` ran a class of the student's ``__iter__``
        outside :func:`call`, with no time limit and its prints shown in this case's
        check, and built the whole list of a ``range(10**12)``."""
        _, got, error, once = run(*case)
        what = f"output_layer_gradients{_case(*case)}"
        items = None
        if error is None:
            answer = iter(got) if once else plain(got)
            items = probe(what, returned_items, what, answer, 3, due)
        numbers: list[float | None] = [None] * 3
        if items is not None:  # None: told where that case is checked itself
            numbers = [read_number(value) for value in items]
        return numbers, _places(*case)

    def attempt() -> None:
        for w, b, a_prev, y in cases:
            wv, bv, av = Value(w), Value(b), Value(a_prev)
            (((wv * av + bv).sigmoid() - y) ** 2).backward()
            case = _case(w, b, a_prev, y)
            what = f"output_layer_gradients{case}"
            fit(what, output_layer_gradients, w, b, a_prev, y)  # call() sees checked() only
            got = returned_items(
                what,
                call(what, checked, w, b, a_prev, y, known=_cut_short()),
                3,
                due,
            )
            z = w * a_prev + b
            a = _sigmoid(z)
            # the slips a student makes, as the numbers they give (the oracle is the engine)
            rest = _sigmoid_prime(z) * 2 * (a - y)  # ∂a/∂z · ∂C₀/∂a
            links = {"∂C₀/∂w": a_prev, "∂C₀/∂b": 1.0, "∂C₀/∂a_prev": w}
            engines = (wv.grad, bv.grad, av.grad)
            numbers = [read_number(value) for value in got]
            activated = msg(
                en="∂z/∂w = a_prev, not σ(a_prev): a_prev is already the previous layer's "
                "activation, σ applied",
                zh="∂z/∂w = a_prev，不是 σ(a_prev)：a_prev 已经是前一层的激活值，σ 已经用过了",
            )
            # a wrong ∂z/∂(place), for two slips at once (∂z/∂b = 0 gives 0 with any other),
            # what each is, in the order of _places' numbers: w, σ(a_prev), 1; b; a_prev, 1
            wrong_links: dict[str, list[str]] = {
                "∂C₀/∂w": [
                    msg(en="∂z/∂w = a_prev, not w", zh="∂z/∂w = a_prev，不是 w"),
                    activated,
                    msg(en="the link ∂z/∂w = a_prev is missing", zh="少了一环 ∂z/∂w = a_prev"),
                ],
                "∂C₀/∂b": [
                    msg(en="∂z/∂b = 1, not b", zh="∂z/∂b = 1，不是 b"),
                    msg(en="∂z/∂b = 1, not a_prev", zh="∂z/∂b = 1，不是 a_prev"),
                ],
                "∂C₀/∂a_prev": [
                    msg(en="∂z/∂a_prev = w, not a_prev", zh="∂z/∂a_prev = w，不是 a_prev"),
                    msg(en="the link ∂z/∂a_prev = w is missing", zh="少了一环 ∂z/∂a_prev = w"),
                ],
            }

            places = _places(w, b, a_prev, y)
            others = [
                functools.partial(answer_at, other) for other in cases if other != (w, b, a_prev, y)
            ]
            for j, ((name, _), value, engine) in enumerate(
                zip(links.items(), got, engines, strict=True)
            ):
                # ∂C₀/∂z as a slip gives it, times this place's right link
                # a learning rate the function reads first: it says more than "exactly half"
                slips = rate_slips(output_layer_gradients, engine, name, "C₀")
                if j > 0:  # ∂C₀/∂w, checked first, is right: ∂C₀/∂z's sign is too
                    link_sign = {
                        "∂C₀/∂b": msg(
                            en="∂z/∂b = 1: z = w·a_prev + b adds its bias",
                            zh="∂z/∂b = 1：z = w·a_prev + b 是加上偏置",
                        ),
                        "∂C₀/∂a_prev": msg(
                            en="∂z/∂a_prev = w, not −w", zh="∂z/∂a_prev = w，不是 −w"
                        ),
                    }[name]
                    said = msg(
                        en=f"opposite sign, in {name} alone: {link_sign}; ∂C₀/∂w, which is "
                        "right, has the same ∂C₀/∂z",
                        zh=f"只有 {name} 的符号相反：{link_sign}；∂C₀/∂w 是对的，"
                        "它的 ∂C₀/∂z 与此相同",
                    )
                    slips.append((-engine, said))
                # ∂C₀/∂z's factors and this place's link ∂z/∂(place) (told alone below)
                options = [
                    *_dz_said(),
                    *[("link", f"{k}", None, said) for k, said in enumerate(wrong_links[name])],
                ]
                alone, pairs = factor_slips(
                    options, places[name], _explains(numbers, places, name, others)
                )
                slips += alone
                if name == "∂C₀/∂b":  # ∂z/∂b = 1 written as 0 or as b
                    said = msg(en="∂z/∂b = 1, not 0", zh="∂z/∂b = 1，不是 0")
                    slips.append((0.0, said))
                    said = msg(en="∂z/∂b = 1, not b", zh="∂z/∂b = 1，不是 b")
                    slips.append((b * rest, said))
                    said = msg(
                        en="∂z/∂b = 1, not a_prev: a_prev is ∂z/∂w, the link of ∂C₀/∂w",
                        zh="∂z/∂b = 1，不是 a_prev：a_prev 是 ∂z/∂w，属于 ∂C₀/∂w 的那一环",
                    )
                    slips.append((a_prev * rest, said))
                if name == "∂C₀/∂a_prev":  # one link too far: the previous layer's σ′
                    said = msg(
                        en="∂C₀/∂a_prev = w·∂C₀/∂z stops at a_prev: a σ′ of the previous "
                        "layer belongs to the next step back, to ∂C₀/∂z_prev",
                        zh="∂C₀/∂a_prev = w·∂C₀/∂z 到 a_prev 为止：前一层的 σ′ 属于再往回的"
                        "一步，即 ∂C₀/∂z_prev",
                    )
                    slips.append((_sigmoid_prime(a_prev) * w * rest, said))
                if name == "∂C₀/∂a_prev":  # a link of ∂C₀/∂w's in this place
                    said = msg(en="∂z/∂a_prev = w, not a_prev", zh="∂z/∂a_prev = w，不是 a_prev")
                    slips.append((a_prev * rest, said))
                # another of the three in this place, and the one that belongs here
                # somewhere else: two (or three) swapped, the tuple's order. One number of
                # another place alone is a wrong link that happens to give it: (rest, rest,
                # w·rest) forgot ∂z/∂w = a_prev and reordered nothing.
                other = _elsewhere(numbers, engines, j)
                if other is not None and _elsewhere(numbers, engines, other) is not None:
                    said = msg(
                        en=f"that is {list(links)[other]}: the three come in the order "
                        "(∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev)",
                        zh=f"这是 {list(links)[other]}：三个偏导数的顺序是 "
                        "(∂C₀/∂w, ∂C₀/∂b, ∂C₀/∂a_prev)",
                    )
                    slips.append((engines[other], said))
                if name == "∂C₀/∂w":
                    said = msg(en="∂z/∂w = a_prev, not w", zh="∂z/∂w = a_prev，不是 w")
                    slips.append((w * rest, said))
                    slips.append((_sigmoid(a_prev) * rest, activated))
                # ∂z/∂b = 1: leaving it out changes nothing
                link_z = {"∂C₀/∂w": "∂z/∂w = a_prev", "∂C₀/∂a_prev": "∂z/∂a_prev = w"}
                if name in link_z:
                    said = msg(
                        en=f"the link {link_z[name]} is missing", zh=f"少了一环 {link_z[name]}"
                    )
                    slips.append((rest, said))
                # the link itself where its product is due: the exercise asks for "not the
                # three links of section 2, but the three products they make"
                variable, link = name.removeprefix("∂C₀/∂"), links[name]
                link_said = {"w": "a_prev", "b": "1", "a_prev": "w"}[variable]
                product = f"∂z/∂{variable} · ∂a/∂z · ∂C₀/∂a = {link_said}·σ′(z)·2(a − y)"
                said = msg(
                    en=f"that is the link ∂z/∂{variable} = {link_said} alone: {name} is the "
                    f"product of the three links, {product}",
                    zh=f"这只是一环 ∂z/∂{variable} = {link_said}：{name} 是三环的乘积，{product}",
                )
                slips.append((link, said))
                said = msg(
                    en="that is C₀ = (a − y)² itself, not a derivative of it",
                    zh="这是 C₀ = (a − y)² 本身，不是它的导数",
                )
                slips.append(((a - y) ** 2, said))
                # two slips at once, last: one slip's number is told as that one
                slips += pairs
                expect_close(f"{name} {case}", value, engine, rel=1e-9, slips=slips)

    return check(msg(en="the output layer's three derivatives", zh="输出层的三个偏导数"), attempt)


Activation = Callable[[float], float]


def _skipping_zero(act_prime: Activation) -> Activation:
    """``act_prime`` with a zero taken as 1: ``(act_prime(z) or 1.0) * d``, a dead ReLU
    neuron revived."""
    return lambda z: act_prime(z) or 1.0


def _as_if_sigmoid(act: Activation) -> Activation:
    """``a(1 − a)`` with a = act(z) in place of act_prime(z): σ′ written with σ's output,
    which is the derivative of the sigmoid and of nothing else."""
    return lambda z: act(z) * (1.0 - act(z))


def _chain_slips() -> dict[str, str]:
    """The recursion's slips, by name, with what each is: _recursion gives the numbers of
    one, the check names the slip whose numbers an answer has (a table, one row a slip)."""
    # x where a^(l−1) is due: in the forward pass alone, or there and in ∂z^(l)/∂w^(l) too
    layer_1 = msg(
        en="x is the input of layer 1 only: layer l's input is a^(l−1), the output of layer l − 1",
        zh="x 只是第 1 层的输入：第 l 层的输入是 a^(l−1)，即第 l − 1 层的输出",
    )
    return {
        "prime at a": msg(
            en="act_prime was taken at the output a^(l); it is taken at z^(l)",
            zh="act_prime 是在输出 a^(l) 处求的；应在 z^(l) 处求",
        ),
        "prime at input": msg(
            en="act_prime was taken at the layer's input a^(l−1); it is taken at z^(l)",
            zh="act_prime 是在这一层的输入 a^(l−1) 处求的；应在 z^(l) 处求",
        ),
        "prime below": msg(
            en="act_prime was taken at z^(l−1), the previous layer's; it is taken at the "
            "layer's own z^(l)",
            zh="act_prime 是在前一层的 z^(l−1) 处求的；应在这一层自己的 z^(l) 处求",
        ),
        "own output": msg(
            en="∂z^(l)/∂w^(l) is the layer's input a^(l−1), not its output a^(l)",
            zh="∂z^(l)/∂w^(l) 是这一层的输入 a^(l−1)，不是它的输出 a^(l)",
        ),
        "input two back": msg(
            en="∂z^(l)/∂w^(l) is the layer's input a^(l−1), not a^(l−2)",
            zh="∂z^(l)/∂w^(l) 是这一层的输入 a^(l−1)，不是 a^(l−2)",
        ),
        "no bias": msg(
            en="the bias is missing: z^(l) = w^(l)·a^(l−1) + b^(l)",
            zh="少了偏置：z^(l) = w^(l)·a^(l−1) + b^(l)",
        ),
        "no input": msg(
            en="the input is missing from z: z^(l) = w^(l)·a^(l−1) + b^(l), not w^(l) + b^(l)",
            zh="z 里少了输入：z^(l) = w^(l)·a^(l−1) + b^(l)，不是 w^(l) + b^(l)",
        ),
        "last for x": msg(
            en="layer 1's input is x: a list of the outputs alone indexed [k − 1] gives, "
            "at k = 0, its last entry a^(L)",
            zh="第 1 层的输入是 x：只存输出的列表用 [k − 1] 取下标，k = 0 时取到的是最后一项 a^(L)",
        ),
        "x forward": msg(
            en=f"the forward pass computed every layer's z^(l) from x, w^(l)·x + b^(l); {layer_1}",
            zh=f"前向计算时每一层的 z^(l) 都是用 x 算的，即 w^(l)·x + b^(l)；{layer_1}",
        ),
        "x input": msg(
            en="x in place of a^(l−1) twice, in z^(l) and as ∂z^(l)/∂w^(l): the backward pass "
            f"too takes the layer's own input, ∂z^(l)/∂w^(l) = a^(l−1); {layer_1}",
            zh="z^(l) 和 ∂z^(l)/∂w^(l) 两处都用 x 代替了 a^(l−1)：反向传播时也要用这一层自己的"
            f"输入，∂z^(l)/∂w^(l) = a^(l−1)；{layer_1}",
        ),
        "no prime": msg(
            en="the link ∂a^(l)/∂z^(l) = act_prime(z^(l)) is missing",
            zh="少了一环 ∂a^(l)/∂z^(l) = act_prime(z^(l))",
        ),
        "act for prime": msg(
            en="act(z) in place of act_prime(z)", zh="把 act(z) 当成了 act_prime(z)"
        ),
        "bias grads": msg(
            en="that is ∂C₀/∂b^(l): ∂C₀/∂w^(l) has the factor ∂z^(l)/∂w^(l) = a^(l−1)",
            zh="这是 ∂C₀/∂b^(l)：∂C₀/∂w^(l) 还有因子 ∂z^(l)/∂w^(l) = a^(l−1)",
        ),
        "no w back": msg(
            en="the link ∂z^(l)/∂a^(l−1) = w^(l) is missing: ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)",
            zh="少了一环 ∂z^(l)/∂a^(l−1) = w^(l)：∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)",
        ),
        "w off by one": msg(
            en="∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), with layer l's own weight, not w^(l−1)",
            zh="∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，用的是第 l 层自己的权重，不是 w^(l−1)",
        ),
        "w above": msg(
            en="∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), with layer l's own weight, not w^(l+1), the "
            "weight of the layer above: a weight takes back the ∂C₀/∂z of its own layer",
            zh="∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，用的是第 l 层自己的权重，不是下一层"
            "（第 l + 1 层）的 w^(l+1)：每个权重传回的是它自己那一层的 ∂C₀/∂z",
        ),
        "output dz": msg(
            en="every layer took the output layer's ∂C₀/∂z^(L): each layer has its own, "
            "∂C₀/∂z^(l) = act_prime(z^(l))·w^(l+1)·∂C₀/∂z^(l+1), carried down one layer at "
            "a time, and ∂C₀/∂w^(l) = a^(l−1)·∂C₀/∂z^(l)",
            zh="每一层都用了输出层的 ∂C₀/∂z^(L)：每一层有它自己的 "
            "∂C₀/∂z^(l) = act_prime(z^(l))·w^(l+1)·∂C₀/∂z^(l+1)，要一层一层往回传，"
            "再由 ∂C₀/∂w^(l) = a^(l−1)·∂C₀/∂z^(l) 得到梯度",
        ),
        "output da": msg(
            en="every layer took the output's ∂C₀/∂a^(L) = 2(a^(L) − y): ∂C₀/∂a is carried "
            "down one layer at a time, ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), and each layer uses "
            "the one that reached it",
            zh="每一层都用了输出层的 ∂C₀/∂a^(L) = 2(a^(L) − y)：∂C₀/∂a 要一层一层往回传，"
            "∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，每一层用的是传回到这一层的 ∂C₀/∂a^(l)",
        ),
        "each as output": msg(
            en="only the output a^(L) is compared with y: layer l gets ∂C₀/∂a^(l) from the "
            "layer above, w^(l+1)·∂C₀/∂z^(l+1)",
            zh="只有输出 a^(L) 与 y 比较：第 l 层的 ∂C₀/∂a^(l) 来自下一层（第 l + 1 层），"
            "即 w^(l+1)·∂C₀/∂z^(l+1)",
        ),
        "a back": msg(
            en="what goes back is ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), act_prime(z^(l)) in it: "
            "w^(l)·∂C₀/∂a^(l) leaves it out",
            zh="传回去的是 ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，其中含有 act_prime(z^(l))："
            "w^(l)·∂C₀/∂a^(l) 把它漏掉了",
        ),
        "act x": msg(
            en="a^(0) = x, the input itself, not act(x): act(z^(l)) is each layer's output",
            zh="a^(0) = x 就是输入本身，不是 act(x)：act(z^(l)) 是每一层的输出",
        ),
        "w grad back": msg(
            en="what goes back to layer l − 1 is ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l), not "
            "∂C₀/∂w^(l) = a^(l−1)·∂C₀/∂z^(l)",
            zh="传回第 l − 1 层的是 ∂C₀/∂a^(l−1) = w^(l)·∂C₀/∂z^(l)，不是 "
            "∂C₀/∂w^(l) = a^(l−1)·∂C₀/∂z^(l)",
        ),
    }


def _chain_starts(count: int) -> dict[str, str]:
    """The recursion's slips in its start, ∂C₀/∂a^(L) = 2(a^(L) − y), as one of two slips
    (alone, the check names them by the engine's number: −1, ½ or 2 times it)."""
    top = f"∂C₀/∂a^({count}) = 2(a^({count}) − y)"
    return {
        "sign": msg(
            en=f"the sign: the recursion starts from {top}, not 2(y − a^({count}))",
            zh=f"符号：递推的起点是 {top}，不是 2(y − a^({count}))",
        ),
        "half": msg(
            en=f"a factor 2 missing: C₀ = (a^({count}) − y)² has no ½, so the recursion "
            f"starts from {top}",
            zh=f"少了因子 2：C₀ = (a^({count}) − y)² 前面没有 ½，所以递推的起点是 {top}",
        ),
        "twice": msg(
            en=f"a factor 2 too many: the recursion starts from {top}, one factor 2",
            zh=f"多了一个因子 2：递推的起点是 {top}，只有一个因子 2",
        ),
        "cost": msg(
            en=f"C₀ = (a^({count}) − y)² itself in place of its derivative {top}",
            zh=f"用了 C₀ = (a^({count}) − y)² 本身，而不是它的导数 {top}",
        ),
    }


# The recursion's slips by what they change: two of one group are one slip, not two.
_CHAIN_GROUPS = {
    "forward": {"no bias"},
    "x": {"x forward", "x input", "last for x", "act x", "no input"},
    "prime": {"prime at a", "prime at input", "prime below", "no prime", "act for prime"},
    "input": {"own output", "input two back", "bias grads"},
    "back": {
        "no w back",
        "w off by one",
        "w above",
        "output dz",
        "output da",
        "w grad back",
        "each as output",
        "a back",
    },
    "start": {"sign", "half", "twice", "cost"},
}


def _chain_pairs(count: int) -> list[tuple[frozenset[str], str]]:
    """Two of the recursion's slips at once (_chain_slips' and _chain_starts'), from two
    groups of _CHAIN_GROUPS, each pair with both named."""
    said = {**_chain_slips(), **_chain_starts(count)}
    group = {name: g for g, names in _CHAIN_GROUPS.items() for name in names}
    return [
        (frozenset((one, other)), two(said[one], said[other]))
        for one, other in itertools.combinations(said, 2)
        if group[one] != group[other]
    ]


def _recursion(
    ws: Sequence[float],
    bs: Sequence[float],
    x: float,
    y: float,
    act: Activation,
    act_prime: Activation,
    slips: Collection[str] = (),
) -> list[float]:
    """[∂C₀/∂w^(1), …] as a student's recursion gives them with ``slips`` of
    _chain_slips() and _chain_starts() (none: ()), written as a student writes it
    (``a[k - 1]`` at k = 0 is the last output). Only to name a slip; the oracle is the
    engine."""

    def chosen(table: dict[str, Any], default: Any) -> Any:
        return next((table[name] for name in table if name in slips), default)

    a, z = [act(x) if "act x" in slips else x], []
    for w, b in zip(ws, bs, strict=True):
        into = x if {"x forward", "x input"} & set(slips) else a[-1]
        z.append(w if "no input" in slips else w * into)
        z[-1] += 0.0 if "no bias" in slips else b
        a.append(act(z[-1]))
    prime = chosen({"no prime": lambda _: 1.0, "act for prime": act}, act_prime)
    start = chosen({"sign": -2.0, "half": 1.0, "twice": 4.0}, 2.0)
    top = (a[-1] - y) ** 2 if "cost" in slips else start * (a[-1] - y)
    grads, upstream = [0.0] * len(ws), top
    output_dz = None  # ∂C₀/∂z^(L), every layer's under "output dz"
    for k in range(len(ws) - 1, -1, -1):
        if "each as output" in slips:  # no recursion: every layer's a compared with y
            upstream = 2 * (a[k + 1] - y)
        at = chosen({"prime at a": a[k + 1], "prime at input": a[k], "prime below": z[k - 1]}, z[k])
        dz = prime(at) * upstream
        if "output dz" in slips:
            output_dz = dz if output_dz is None else output_dz
            dz = output_dz
        inputs = {"own output": a[k + 1], "input two back": a[k - 1], "x input": x}
        inputs["last for x"] = a[-1] if k == 0 else a[k]  # outputs[k - 1], x not among them
        inputs["bias grads"] = 1.0  # ∂z^(l)/∂b^(l)
        grads[k] = chosen(inputs, a[k]) * dz
        links = {"no w back": 1.0, "w off by one": ws[k - 1], "w grad back": a[k]}
        # ws[k + 1], guarded at the top layer (ws[L] is past the end: told as such)
        links["w above"] = ws[k + 1] if k + 1 < len(ws) else ws[k]
        if "output da" not in slips:  # under it, every layer's is the output's, top
            upstream = chosen(links, ws[k]) * (upstream if "a back" in slips else dz)
    return grads


class _Watched(list[float]):
    """A list of numbers that keeps the IndexError it raised for an index one past its
    end (``ws[k + 1]`` in a loop over k), for check_chain_gradients to tell that slip and
    only it: any IndexError in the student's function (a list of their own, numpy's) was
    told "an index past the end of a list: ws and bs have L entries"."""

    past_the_end: IndexError | None = None

    def __getitem__(self, index: Any) -> Any:
        try:
            return super().__getitem__(index)
        except IndexError as error:
            # an integer of any kind: k from np.arange is numpy's, not Python's int
            if not isinstance(index, slice) and operator.index(index) == len(self):
                self.past_the_end = error
            raise


def check_chain_gradients(
    chain_gradients: Callable[
        [Sequence[float], Sequence[float], float, float, Activation, Activation], Sequence[float]
    ],
) -> Verdict:
    """``chain_gradients(ws, bs, x, y, act, act_prime)`` → [∂C₀/∂w^(1), …, ∂C₀/∂w^(L)].

    One neuron per layer, a^(l) = act(w^(l)·a^(l−1) + b^(l)), C₀ = (a^(L) − y)²; checked
    with the sigmoid and with ReLU (σ may be either), against the engine. One ReLU chain
    has z^(2) < 0, a neuron that passes nothing back (ReLU′ = 0 there): a recursion that
    skips a zero derivative, ``(act_prime(z) or 1.0) * d``, passed every other case.
    """

    def relu(z: float) -> float:
        return z if z > 0 else 0.0

    def relu_prime(z: float) -> float:
        return 1.0 if z > 0 else 0.0

    def sigmoid_prime(z: float) -> float:
        return _sigmoid(z) * (1.0 - _sigmoid(z))

    def attempt() -> None:
        ws, bs, x, y = [0.9, -1.2, 1.5, 0.8], [0.1, 0.3, -0.4, 0.2], 0.6, 1.0
        relu_ws, relu_bs = [0.9, 1.2, -0.5, 1.1], [0.1, 0.3, 0.9, 0.2]
        # z^(2) = −1.2·0.64 + 0.3 < 0: ReLU′ = 0 there, so ∂C₀/∂w^(1..3) = 0
        dead_ws, dead_bs = [0.9, -1.2, 0.7, 1.1], [0.1, 0.3, 0.5, 0.2]
        activations = [
            ("sigmoid", msg(en="sigmoid chain", zh="sigmoid 链"), ws, bs, None),
            ("relu", msg(en="ReLU chain", zh="ReLU 链"), relu_ws, relu_bs, None),
            (
                "relu",
                msg(en="ReLU chain with z^(2) < 0", zh="z^(2) < 0 的 ReLU 链"),
                dead_ws,
                dead_bs,
                2,
            ),
        ]
        functions = {"sigmoid": (_sigmoid, sigmoid_prime), "relu": (relu, relu_prime)}
        for method, chain, w_list, b_list, dead in activations:
            act, act_prime = functions[method]
            w_nodes = [Value(w) for w in w_list]
            a: Value | float = x
            zs = []
            for w_node, b in zip(w_nodes, b_list, strict=True):
                zs.append(w_node * a + b)
                a = getattr(zs[-1], method)()
            assert isinstance(a, Value)
            if method == "relu":  # each ReLU case is what it says: z < 0 in layer `dead` only
                negative = [layer for layer, z in enumerate(zs, start=1) if z.data < 0]
                assert negative == ([dead] if dead else []), (chain, [z.data for z in zs])
            ((a - y) ** 2).backward()
            what = f"chain_gradients({w_list}, {b_list}, {x:g}, {y:g}, {method}, {method}_prime)"
            count = len(w_list)
            # a loop's index one past the end: ws[k + 1] for layer k + 1's own ws[k]; told
            # only for an IndexError ws or bs raised at their length, not any IndexError
            ws_read, bs_read = _Watched(w_list), _Watched(b_list)
            past = [
                (
                    lambda error, ws=ws_read, bs=bs_read: (
                        error in (ws.past_the_end, bs.past_the_end)
                    ),
                    msg(
                        en=f"an index past the end of a list: ws and bs have L = {count} entries, "
                        f"ws[0] … ws[{count - 1}] for w^(1) … w^({count}), and the forward pass "
                        f"from a[0] = x has L + 1 = {count + 1}, a[0] … a[{count}]; layer l "
                        "takes ∂C₀/∂z^(l) back with its own weight w^(l) = ws[l − 1]",
                        zh=f"下标超出了列表的末尾：ws 和 bs 各有 L = {count} 项，ws[0] … "
                        f"ws[{count - 1}] 对应 w^(1) … w^({count})；从 a[0] = x 开始的前向计算有 "
                        f"L + 1 = {count + 1} 项，a[0] … a[{count}]；第 l 层用它自己的权重 "
                        "w^(l) = ws[l − 1] 把 ∂C₀/∂z^(l) 传回去",
                    ),
                )
            ]
            got = returned_items(
                what,
                call(what, chain_gradients, ws_read, bs_read, x, y, act, act_prime, known=past),
                len(w_list),
                (
                    f"{len(w_list)} gradients [∂C₀/∂w^(1), …, ∂C₀/∂w^({len(w_list)})]",
                    f" {len(w_list)} 个梯度 [∂C₀/∂w^(1), …, ∂C₀/∂w^({len(w_list)})]",
                ),
            )
            # the slips a student makes, layer by layer, as the numbers they give
            table = [
                (_recursion(w_list, b_list, x, y, act, act_prime, (name,)), said)
                for name, said in _chain_slips().items()
            ]
            said = _chain_starts(len(w_list))["cost"]
            table.append((_recursion(w_list, b_list, x, y, act, act_prime, ("cost",)), said))
            # two slips at once, after every slip alone: one slip's number is told as that one
            # and only those that give the whole answer, every layer's number, not one
            recursion = functools.partial(_recursion, w_list, b_list, x, y, act, act_prime)
            fits = gives(got, recursion)
            # the output's ∂C₀/∂a^(L) kept for every layer: named only where it gives every
            # layer's number (at one layer it is a number other slips may give)
            table = [
                row
                for name, row in zip([*_chain_slips(), "cost"], table, strict=True)
                if name != "output da" or fits(("output da",))
            ]
            # none for a right answer (most are): ≈ 200 pairs, each a recursion, cost 24 ms
            pairs = [
                (recursion(names), said)
                for names, said in (() if fits(()) else _chain_pairs(len(w_list)))
                if fits(names)
            ]
            sigmoid_anyway = _recursion(w_list, b_list, x, y, _sigmoid, sigmoid_prime)
            # `(act_prime(z) or 1.0) * d`: a zero derivative skipped, as if it were 1
            reviving = _recursion(w_list, b_list, x, y, act, _skipping_zero(act_prime))
            # a(1 − a) for act_prime: σ′ in terms of σ's output, right on the sigmoid chain
            sigmoid_s_prime = _recursion(w_list, b_list, x, y, act, _as_if_sigmoid(act))
            # σ′(z) typed in for act_prime: the act given forward, the sigmoid's slope back
            sigmoid_prime_anyway = _recursion(w_list, b_list, x, y, act, sigmoid_prime)
            count = len(w_list)
            shown = f"ws={w_list}, bs={b_list}, x={x:g}, y={y:g}"
            # from the output layer down: a mistake shows first in the layer it is made in
            for layer in range(len(w_list), 0, -1):
                where = msg(
                    en=f"{chain} ({shown}): ∂C₀/∂w^({layer})",
                    zh=f"{chain}（{shown}）上的 ∂C₀/∂w^({layer})",
                )
                engine = w_nodes[layer - 1].grad
                slips = [
                    (
                        -engine,
                        msg(
                            en=f"opposite sign: the recursion starts from ∂C₀/∂a^({len(w_list)})"
                            f" = 2(a^({len(w_list)}) − y), not 2(y − a^({len(w_list)}))",
                            zh=f"符号相反：递推的起点是 ∂C₀/∂a^({len(w_list)}) = "
                            f"2(a^({len(w_list)}) − y)，不是 2(y − a^({len(w_list)}))",
                        ),
                    ),
                    (
                        engine / 2,
                        msg(
                            en=f"exactly half: C₀ = (a^({len(w_list)}) − y)² has no ½, so the "
                            f"recursion starts from 2(a^({len(w_list)}) − y)",
                            zh=f"正好是一半：C₀ = (a^({len(w_list)}) − y)² 前面没有 ½，"
                            f"所以递推的起点是 2(a^({len(w_list)}) − y)",
                        ),
                    ),
                    (
                        2 * engine,
                        msg(
                            en=f"exactly twice: a factor 2 too many; the recursion starts from "
                            f"∂C₀/∂a^({count}) = 2(a^({count}) − y), one factor 2",
                            zh=f"正好是两倍：多了一个因子 2；递推的起点是 ∂C₀/∂a^({count}) = "
                            f"2(a^({count}) − y)，只有一个因子 2",
                        ),
                    ),
                ]
                slips.append(
                    (
                        w_nodes[count - layer].grad,
                        msg(
                            en=f"the list is in reverse order: that is ∂C₀/∂w^({count + 1 - layer})"
                            "; ws[0] is w^(1), and the list starts with ∂C₀/∂w^(1)",
                            zh=f"列表的顺序反了：这是 ∂C₀/∂w^({count + 1 - layer})；"
                            "ws[0] 是 w^(1)，列表应从 ∂C₀/∂w^(1) 开始",
                        ),
                    )
                )
                if method != "sigmoid":
                    said = msg(
                        en="these are the sigmoid's numbers: use the act(z) and act_prime(z) given",
                        zh="这是 sigmoid 的结果：请用传入的 act(z) 和 act_prime(z)",
                    )
                    slips.append((sigmoid_anyway[layer - 1], said))
                    said = msg(
                        en="a(1 − a) is the sigmoid's derivative only (σ′ = σ(1 − σ)): use the "
                        f"act_prime given, act_prime(z^({layer}))",
                        zh="a(1 − a) 只是 sigmoid 的导数（σ′ = σ(1 − σ)）：请用传入的 act_prime，"
                        f"即 act_prime(z^({layer}))",
                    )
                    slips.append((sigmoid_s_prime[layer - 1], said))
                    said = msg(
                        en="σ′(z) = σ(z)(1 − σ(z)) is the sigmoid's derivative only: use the "
                        f"act_prime given, act_prime(z^({layer}))",
                        zh="σ′(z) = σ(z)(1 − σ(z)) 只是 sigmoid 的导数：请用传入的 act_prime，"
                        f"即 act_prime(z^({layer}))",
                    )
                    slips.append((sigmoid_prime_anyway[layer - 1], said))
                if dead is not None and layer <= dead:
                    said = msg(
                        en=f"z^({dead}) < 0, so act_prime(z^({dead})) = 0: that neuron passes "
                        f"nothing back, and ∂C₀/∂w^(l) = 0 for every l ≤ {dead}",
                        zh=f"z^({dead}) < 0，所以 act_prime(z^({dead})) = 0：这个神经元什么也"
                        f"传不回去，l ≤ {dead} 的每个 ∂C₀/∂w^(l) 都是 0",
                    )
                    slips.append((reviving[layer - 1], said))
                # after the dead neuron's: skipping its zero is "no prime" on a ReLU chain;
                # a slip is named only in the first layer where it shows (the layers above
                # are right): a row's number in a lower layer is not that slip's any more
                slips += [
                    (numbers[layer - 1], said)
                    for numbers, said in [*table, *pairs]
                    if all(_near(numbers[j], w_nodes[j].grad) for j in range(layer, count))
                ]
                # a learning rate the function reads first: it says more than "exactly half"
                slips = [*rate_slips(chain_gradients, engine, f"∂C₀/∂w^({layer})", "C₀"), *slips]
                expect_close(where, got[layer - 1], engine, rel=1e-9, slips=slips)

    return check(
        msg(
            en="the chain rule through every layer (sigmoid and ReLU)",
            zh="逐层应用链式法则（sigmoid 与 ReLU）",
        ),
        attempt,
    )
