"""The words of the pictures in two languages: the table, the setting, the Chinese pictures.

Oracles: the captions and box texts written out by hand (numbers from the closed-form
chain rule of a sigmoid neuron, printed with printf's ``%#.4g``), the rendered SVG's own
text read back, and an independent scan of every Latin word a Chinese picture shows
against what may stay Latin (labels, op names, the attribute names data and grad).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import math
import os
import re
import string
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any, cast

import numpy as np
import pytest

import autograd_mini
import nn
from autograd_mini import (
    OPS,
    Value,
    apply,
    backward_steps,
    dot,
    draw_graph,
    draw_step,
    picture_language,
    step_player,
    vsum,
)
from autograd_mini import draw as draw_module
from autograd_mini import render as render_module
from autograd_mini.ops import Op
from autograd_mini.words import LANGUAGES, PHRASES, Words, current, wide

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    """A test that sets the language leaves the next one in English."""
    yield
    picture_language("en")


def sig(x: float) -> str:
    return "0" if x == 0 else f"{x:#.4g}"


def sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# --------------------------------------------------------------------------- graphs


def neuron() -> tuple[Value, dict[str, float]]:
    """z = w1·2 + w2·(−1) + b, a = σ(z), C = (a − 1)²; the chain rule by hand."""
    w1, w2, b = Value(0.5, label="w1"), Value(-0.3, label="w2"), Value(0.1, label="b")
    z = dot([w1, w2], [2.0, -1.0], b)
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    d = a - 1.0
    d.label = "a-y"
    c = d**2
    c.label = "C"
    s = sigma(0.5 * 2 - 0.3 * -1 + 0.1)
    dc_dz = 2 * (s - 1) * s * (1 - s)
    return c, {"dC/dz": dc_dz, "dC/dw1": 2 * dc_dz}


def fan() -> Value:
    """Unlabelled ops, and a used twice: a Σ node in the backward view."""
    a = Value(0.5, label="a")
    c = ((a * 0.3).sigmoid() + (a * -0.4).sigmoid() - 1) ** 2
    c.label = "C"
    return c


def mlp() -> Value:
    """3-4-4-1, tanh hidden layers, a linear output: every fold has something to say."""
    model = nn.MLP(3, [4, 4, 1], activation="tanh", seed=0)
    out = model([1.0, -2.0, 0.5])
    assert isinstance(out, Value)
    return (out - 1.0) ** 2


def shared_input() -> Value:
    """An input the cost uses too: drawn beside layer 1, its one value carried into it."""
    x = Value(0.5, label="x")
    out = nn.MLP(2, [3, 1], activation="tanh", seed=0)([x, Value(-1.0, label="u")])
    assert isinstance(out, Value)
    return (out - x) ** 2


def wide_sum() -> Value:
    """Ten unlabelled leaf inputs of one node: collapse="inputs" folds them into a box."""
    return vsum([Value(0.1 * k) for k in range(10)]).tanh()


def with_constants() -> Value:
    """A dot node with a constant factor and a constant offset ("+ constant" row)."""
    w, x = Value(0.7, label="w"), Value(-1.5, label="x")
    return dot([w, Value(2.0, label="v")], [3.0, x], 0.5).tanh()


def two_passes() -> Value:
    """The neuron after two backward passes: each leaf holds twice its edges' sum."""
    c = neuron()[0]
    c.backward()
    c.backward()
    return c


def two_outputs() -> Value:
    """y1 = a·b and y2 = a² + b, each backward once: a's grad, b + 2a, is no multiple of
    what y2's edges give it (2a)."""
    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    (a * b).backward()
    y2 = a * a + b
    y2.backward()
    return y2


OPTIONS: list[dict[str, Any]] = [
    {},
    {"view": "backward"},
    {"collapse": "inputs"},
    {"collapse": "neuron"},
    {"collapse": "layer"},
    {"collapse": "layer", "view": "backward"},
    {"collapse": "expr"},
    {"collapse": "expr", "view": "backward"},
]


def zoo() -> list[tuple[str, Value]]:
    return [
        ("neuron", neuron()[0]),
        ("fan", fan()),
        ("mlp", mlp()),
        ("shared input", shared_input()),
        ("wide", wide_sum()),
        ("constants", with_constants()),
        ("two passes", two_passes()),
        ("two outputs", two_outputs()),
    ]


# --------------------------------------------------------------------------- reading back


def svg_texts(svg: str) -> list[str]:
    """What a picture shows: every text, every hover text (tooltip), and what it says to a
    screen reader."""
    root = ET.fromstring(svg.encode("utf-8"))
    shown = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    tips = [a.get(f"{XLINK}title", "") for a in root.iter(f"{SVG}a")]
    # the title and the notes under it (the graph's own texts), a wrapped note read as
    # one: its lines joined by the space a break took out, none after Chinese punctuation
    graph = root.find(f"{SVG}g")
    heading = [
        "".join(t.itertext()).strip("\u00a0")
        for t in (graph if graph is not None else [])
        if t.tag == f"{SVG}text"
    ]
    joined = "".join(
        (line if i == 0 or wide(heading[i - 1][-1:]) else " " + line)
        for i, line in enumerate(heading)
    )
    # and what a screen reader is told of it: its name and its description
    said = [
        root.get("aria-label", ""),
        "".join(d.itertext()) if (d := root.find(f"{SVG}desc")) is not None else "",
    ]
    return [t.replace("\u00a0", " ") for t in [*shown, *tips, joined, *said] if t]


class _PlayerText(HTMLParser):
    """A player's words: the controls' aria-labels, the captions and the frames' names
    (what a screen reader says of each frame; the frames' pictures are read apart)."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []
        self.captions: list[str] = []
        self.names: list[str] = []
        self._in_captions = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("aria-label"):
            said = found["aria-label"] or ""
            (self.names if found.get("role") == "img" else self.labels).append(said)
        self._in_captions = tag == "script" and found.get("class") == "agm-captions"

    def handle_data(self, data: str) -> None:
        if self._in_captions:
            self.captions += json.loads(data)
            self._in_captions = False


def player_texts(html: str) -> tuple[list[str], list[str], list[str]]:
    """(the controls' aria-labels, captions, the frames' texts and names) of a player's
    HTML."""
    reader = _PlayerText()
    reader.feed(html)
    frames = re.findall(r"<svg\b.*?</svg>", html, re.S)
    shown = [t for svg in frames for t in svg_texts(svg)]
    return reader.labels, reader.captions, shown + reader.names


def big() -> list[tuple[Value, dict[str, Any]]]:
    """Drawings big enough (over 150 nodes) to name a fold under the title, drawn once
    each: the README's 2-16-16-1 network (neurons) and tanh's 5th derivative (none)."""
    out = nn.MLP(2, [16, 16, 1], seed=0)([0.5, -1.0])
    assert isinstance(out, Value)
    x = Value(0.5)
    d = x.tanh()
    for _ in range(5):
        d = autograd_mini.gradients(d, [x], create_graph=True)[0]
    return [((out - 1.0) ** 2, {}), (d, {"show_grad": False})]


def infinite_slope_inside() -> list[tuple[Value, dict[str, Any]]]:
    """√(0·x)·y + y folded: its ∂/∂x meets 0 × ∞, a derivative no number says. Forward
    view only: the backward pass of it is refused, as the engine's is."""
    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    return [((x * 0.0).sqrt() * y + y, {"collapse": "expr"})]


def all_texts(lang: str) -> list[str]:
    """Every word shown by the pictures of the zoo, drawn in ``lang``."""
    picture_language(lang)
    out: list[str] = []
    for _, root in zoo():
        for options in OPTIONS:
            out += svg_texts(draw_graph(root, **options).svg())
    for root, options in big() + infinite_slope_inside():
        graph = draw_graph(root, **options)
        out += svg_texts(graph.svg())
        # the scroll box of a picture too wide for its column, as a screen reader names it
        out += re.findall(r'<div tabindex="0" role="region" aria-label="([^"]*)"', graph.html())
    out += svg_texts(draw_step(big()[0][0], 0).svg())  # a big step picture's note
    root = neuron()[0]
    for view in ("backward", "forward"):
        out += svg_texts(draw_step(root, 3, view=view).svg())
        out += svg_texts(draw_step(root, -1, view=view).svg())
    labels, captions, frames = player_texts(step_player(root).html())
    out += labels + captions + frames
    out += [str(step) for step in backward_steps(root)]
    # a ReLU that is off: the last step's picture (one value below it) and the player's
    # last caption (two) say that no step reached them
    x, w = Value(-1.0, label="x"), Value(2.0, label="w")
    out += svg_texts(draw_step((x * 2.0).relu() * 3.0, 1).svg())
    out += player_texts(step_player((x * w).relu() * 3.0).html())[1]
    # a Σw·x node fed by more values than collapse_threshold: its edges' numbers hover
    a1, a2 = x.tanh(), (x * 2.0).tanh()
    crowded = dot([Value(0.5), Value(-0.5)], [a1, a2])
    out += svg_texts(draw_graph(crowded, collapse="inputs", collapse_threshold=1).svg())
    # a layer's inputs box holding named and unnamed inputs: "x1 … x10 + 10 unnamed"
    named = [Value(0.01 * k, label=f"x{k + 1}" if k < 10 else "") for k in range(20)]
    layered = nn.MLP(20, [4, 1], seed=0)(named)
    assert isinstance(layered, Value)
    out += svg_texts(draw_graph(layered, collapse="layer").svg())
    out += svg_texts(draw_graph(Value(2.0, label="z")).svg())  # a lone leaf: no operation
    # 41 values: 40 said one by one, "1 more value" (not "1 more values")
    chain = Value(0.5, label="c")
    for _ in range(40):
        chain = chain + 1.0
    out += svg_texts(draw_graph(chain).svg())
    # a neuron of 8 inputs: its table's 9 rows said 6, then "3 more rows"
    eight = dot([Value(0.1 * k) for k in range(8)], [Value(0.5 * k) for k in range(8)], Value(0.2))
    out += svg_texts(draw_graph(eight).svg())
    # a layer whose one parameter is its bias: its weights are inputs drawn as themselves
    xs = [Value(0.5, label="x1"), Value(-0.5, label="x2")]
    hidden = [dot([Value(0.1), Value(0.2)], xs, Value(0.1)).tanh() for _ in range(2)]
    out += svg_texts(draw_graph(dot(xs, hidden, Value(0.0)), collapse="layer").svg())
    # a neuron drawn as a table: a step into a row (w₁) is said with its table
    table = nn.MLP(2, [1], seed=0)([0.5, -0.5])
    assert isinstance(table, Value)
    out += player_texts(step_player(table).html())[2]
    # a folded box fed two alike leaves: "x=2.000 (2 values)", said once, counted
    alike = (Value(2.0, label="x") * Value(2.0, label="x")).tanh()
    out += svg_texts(draw_graph(alike, collapse="expr").svg())
    # np.clip's chosen bound, one op "clip → 1" and, unlabelled, named by it (裁剪)
    clipped = np.clip(cast(Any, Value(2.0, label="x")), 0, 1) * 3.0
    out += svg_texts(draw_graph(clipped).svg())
    out += svg_texts(draw_graph(clipped, view="backward").svg())
    # a lone neuron of 80 inputs (over 150 nodes): its big drawing names collapse='inputs'
    lone = dot([Value(0.01 * k) for k in range(80)], [Value(0.5) for _ in range(80)], Value(0.2))
    out += svg_texts(draw_graph(lone).svg())
    return out


def english_patterns() -> dict[str, re.Pattern[str]]:
    """Each English phrase that Chinese translates, as a regex (a field matches any text)."""
    patterns = {}
    for key, phrase in PHRASES["en"].items():
        if phrase == PHRASES["zh"][key]:
            continue  # data, grad: attribute names, the same in both
        if not re.search(r"[A-Za-z]", re.sub(r"\{\w+\}", "", phrase)):
            continue  # "{n} {op}", ", ": no English word to look for, only fields and commas
        parts = []
        for literal, name, _, _ in string.Formatter().parse(phrase):
            parts.append(re.escape(literal.strip()) if literal.strip() else "")
            if name:
                parts.append(".+?")
        body = r"\s*".join(p for p in parts if p)
        patterns[key] = re.compile(rf"(?<![A-Za-z]){body}(?![A-Za-z])")
    return patterns


def may_stay_latin() -> set[str]:
    """Latin words a Chinese picture may show: labels, op names and symbols, the two
    attribute names, and the words of an op's formula (its hover text)."""
    words = {"data", "grad", "w1", "w2", "a-y"}
    for name, op in OPS.items():
        words.add(name)
        words |= set(re.findall(r"[A-Za-z]{2,}", op.symbol))
    return words


#: The op formulas a Chinese picture hovers (their symbols stay Latin: dy/da, max; that
#: none has an English word is tests/test_expr_words.py's check)
OP_FORMULAS = {re.sub(r"\s+", " ", op.formula("zh")) for op in OPS.values() if op.math}
#: An option as a user types it, which stays Latin in a Chinese picture.
CODE = re.compile(r"collapse='\w+'|skip_zero=False")


# --------------------------------------------------------------------------- the table


def test_every_phrase_exists_in_every_language_with_the_same_fields() -> None:
    assert LANGUAGES == ("en", "zh")
    keys = set(PHRASES["en"])
    for lang in LANGUAGES:
        assert set(PHRASES[lang]) == keys, lang
        for key, phrase in PHRASES[lang].items():
            assert phrase.strip(), (lang, key)
            fields = {n for _, n, _, _ in string.Formatter().parse(phrase) if n}
            english = {n for _, n, _, _ in string.Formatter().parse(PHRASES["en"][key]) if n}
            assert fields == english, (lang, key)


def test_chinese_phrases_are_chinese_except_the_attribute_names() -> None:
    for key, phrase in PHRASES["zh"].items():
        if key in ("data", "grad"):
            assert phrase == PHRASES["en"][key] == key  # Value's attributes, as in the prose
            continue
        assert CJK.search(phrase), key
        code = re.sub(CODE, "", phrase)  # collapse='layer': an option as it is typed
        latin = re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", code))
        assert latin in ([], ["data"]), (key, latin)


def test_a_field_is_put_in_as_written_never_read_as_a_template() -> None:
    assert Words("zh")("paths", n="{n}") == "{n} 条路径"
    x = Value(2.0, label="{x}")
    (step,) = backward_steps(x * 3.0)
    with picture_language("zh"):
        assert str(step) == "第 1 步：乘法=6 → {x}：局部导数 3 × 上游梯度 1 = 3；{x} 的梯度现在是 3"


# --------------------------------------------------------------------------- the setting


@pytest.mark.parametrize("bad", ["fr", "ZH", "", "english", None, 1])
def test_an_unknown_language_is_refused_naming_the_known_ones(bad: object) -> None:
    with pytest.raises(ValueError, match=r"unknown language .*the known ones are 'en', 'zh'"):
        picture_language(bad)  # type: ignore[arg-type]
    assert current().language == "en"  # nothing changed


def test_a_plain_call_stays_and_a_block_puts_the_language_back() -> None:
    assert current().language == "en"
    picture_language("zh")
    assert current().language == "zh"
    with picture_language("en") as inside:
        assert inside == "en" and current().language == "en"
        with picture_language("zh"):
            assert current().language == "zh"
        assert current().language == "en"
    assert current().language == "zh"
    picture_language("en")
    assert current().language == "en"
    with pytest.raises(RuntimeError), picture_language("zh"):
        raise RuntimeError("an error inside the block")
    assert current().language == "en"


def test_a_setting_kept_and_entered_later_sets_its_language_then() -> None:
    """A PictureLanguage kept and entered after another call set its language only when
    it was made: inside ``with zh:`` the pictures were English."""
    zh = picture_language("zh")
    picture_language("en")
    with zh:
        assert current().language == "zh"
    assert current().language == "en"  # the language in force when the block began
    with zh:  # and again
        assert current().language == "zh"
    assert current().language == "en"


def test_the_plain_call_shows_nothing_in_a_notebook() -> None:
    """A cell ending in ``picture_language("zh")`` printed the object under it."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        data, _ = shell.display_formatter.format(picture_language("en"))
    finally:
        InteractiveShell.clear_instance()
    assert data == {}


def test_the_setting_is_exported_and_documented() -> None:
    assert autograd_mini.picture_language is picture_language
    assert "picture_language" in autograd_mini.__all__
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for readme in ("README.md", "README.zh-CN.md"):
        with open(os.path.join(root, readme), encoding="utf-8") as f:
            assert 'picture_language("zh")' in f.read(), readme


def _draw_in(lang: str, start: threading.Barrier, seen: dict[str, Any]) -> None:
    picture_language(lang)
    start.wait()  # both threads have set their language before either draws
    root = neuron()[0]
    seen[lang] = (
        draw_step(root, 3).svg(),
        step_player(root).html(),
        draw_graph(mlp(), collapse="layer", view="backward").svg(),
        str(next(iter(backward_steps(root)))),
        current().language,
    )
    start.wait()


#: The player's own name (its first aria-label), then its controls'.
EN_PLAYER = "step player: the left and right arrow keys move one step"
ZH_PLAYER = "逐步播放器：按左右方向键前后走一步"


def test_two_threads_draw_in_two_languages_at_once() -> None:
    start = threading.Barrier(2)
    seen: dict[str, Any] = {}
    threads = [threading.Thread(target=_draw_in, args=(lang, start, seen)) for lang in LANGUAGES]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert set(seen) == {"en", "zh"}
    en_step, en_player, en_layer, en_str, en_lang = seen["en"]
    zh_step, zh_player, zh_layer, zh_str, zh_lang = seen["zh"]
    assert (en_lang, zh_lang) == ("en", "zh")
    assert "step 4: z → w1: local 2.000" in "".join(svg_texts(en_step))
    assert "第 4 步：z → w1：局部导数 2.000" in "".join(svg_texts(zh_step))
    assert player_texts(en_player)[0] == [EN_PLAYER, *["previous step", "step", "next step"]]
    assert player_texts(zh_player)[0] == [ZH_PLAYER, *["上一步", "当前步骤", "下一步"]]
    assert "layer 1" in svg_texts(en_layer) and "第 1 层" in svg_texts(zh_layer)
    assert en_str.startswith("step 1: C → a-y: local") and zh_str.startswith("第 1 步：C → a-y")
    assert current().language == "en"  # this thread never changed


def test_a_new_thread_starts_in_english_whatever_its_parent_set() -> None:
    picture_language("zh")
    seen: list[str] = []
    t = threading.Thread(target=lambda: seen.append(current().language))
    t.start()
    t.join()
    assert seen == ["en"] and current().language == "zh"


def test_a_block_left_in_another_thread_is_refused() -> None:
    setting = picture_language("zh")
    errors: list[BaseException] = []

    def leave() -> None:
        try:
            setting.__exit__(None, None, None)
        except RuntimeError as exc:
            errors.append(exc)

    t = threading.Thread(target=leave)
    t.start()
    t.join()
    assert errors and "did not enter it" in str(errors[0])
    assert current().language == "zh"


def test_one_setting_entered_inside_its_own_block_keeps_the_outer_block() -> None:
    """The inner exit put back the language from before the outer block, so the rest of
    the outer block drew in English."""
    picture_language("en")
    setting = picture_language("zh")
    with setting:
        with setting:
            assert current().language == "zh"
        assert current().language == "zh"
    assert current().language == "en"


def test_one_setting_shared_by_two_threads_puts_back_each_threads_own() -> None:
    """Thread A in ``with shared:``, thread B entering the same object: A's exit raised
    "left in another thread" and A's language was never put back."""
    shared = picture_language("zh")
    picture_language("en")
    inside, leave = threading.Barrier(2), threading.Barrier(2)
    seen: dict[str, tuple[str, str]] = {}
    errors: list[BaseException] = []

    def run(name: str, before: str) -> None:
        try:
            picture_language(before)
            with shared:
                inside.wait(timeout=10)
                during = current().language
                leave.wait(timeout=10)
            seen[name] = (during, current().language)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n, b)) for n, b in (("a", "en"), ("b", "en"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    assert seen == {"a": ("zh", "en"), "b": ("zh", "en")}
    assert current().language == "en"


# --------------------------------------------------------------------------- the pictures


def test_the_chinese_step_picture_and_player_say_the_step_by_hand() -> None:
    root, hand = neuron()
    dz, dw1 = sig(hand["dC/dz"]), sig(hand["dC/dw1"])
    # the chain C → a−y → a → z → w1: the step into w1 (z's first input) is the 4th
    caption = f"第 4 步：z → w1：局部导数 2.000 × 上游梯度 {dz} = {dw1}；w1 的梯度现在是 {dw1}"
    picture_language("zh")
    assert caption in [t.strip() for t in svg_texts(draw_step(root, 3).svg())]
    labels, captions, frames = player_texts(step_player(root).html())
    assert labels == [ZH_PLAYER, *["上一步", "当前步骤", "下一步"]]
    assert captions[0] == "反向传播之前：输出的梯度是种子 1.000"
    assert captions[4] == caption
    assert "grad 1.000（种子）" in [t.strip() for t in frames]  # the seed, in every frame
    assert f"w1: × 2.000 = {dw1}" in frames  # the row of w1 in z's box: numbers unchanged
    # str(step) follows the setting, at six digits as ever
    (into_w1,) = [s for s in backward_steps(root) if s.parent.label == "w1"]
    assert str(into_w1) == (
        f"第 4 步：z → w1：局部导数 2 × 上游梯度 {hand['dC/dz']:.6g} = {hand['dC/dw1']:.6g}；"
        f"w1 的梯度现在是 {hand['dC/dw1']:.6g}"
    )


#: An unlabelled node of each op Chinese names in its own words, and that name: written
#: out here, not read from the ops' table.
CHINESE_OPS: dict[str, tuple[str, Callable[[Value, Value], Value]]] = {
    "add": ("加法", lambda a, b: a + b),
    "sub": ("减法", lambda a, b: a - b),
    "mul": ("乘法", lambda a, b: a * b),
    "div": ("除法", lambda a, b: a / b),
    "pow": ("幂运算", lambda a, b: a**2),
    "pow_log": ("幂乘对数", lambda a, b: apply("pow_log", a, b)),
    "neg": ("取负", lambda a, b: -a),
    "sqrt": ("平方根", lambda a, b: a.sqrt()),
    "abs": ("绝对值", lambda a, b: abs(a)),
    "sigmoid_slope": ("σ 的导数", lambda a, b: apply("sigmoid_slope", a)),
    "leaky_slope": ("泄漏线性整流的导数", lambda a, b: apply("leaky_slope", a, b)),
    "min_zero": ("与零取小", lambda a, b: apply("min_zero", a)),
    "step": ("阶跃函数", lambda a, b: apply("step", a)),
    "sign": ("符号函数", lambda a, b: apply("sign", a)),
    "clip": ("裁剪", lambda a, b: apply("clip", a, 1.0)),
    "sum": ("求和", lambda a, b: vsum([a, b])),
    "dot": ("点积", lambda a, b: dot([a - 1.0], [a - 1.0])),  # Σ eₖ·eₖ: no neuron's z
}


@pytest.mark.parametrize("op", sorted(CHINESE_OPS))
def test_a_chinese_caption_runs_a_chinese_op_name_on(op: str) -> None:
    """Chinese sets no space between Chinese characters: the caption of a step into an
    unlabelled add read "加法 的梯度现在是 2.000" (the phrase's space, there for a label
    such as "w1 的梯度", kept next to the op's Chinese name). A Latin name keeps it."""
    name, make = CHINESE_OPS[op]
    inner = make(Value(2.0), Value(0.5))
    assert inner.op == op and not inner.label
    root = inner * 2.0
    root.label = "C"
    picture_language("zh")
    caption = (
        f"第 1 步：C → {name}：局部导数 2.000 × 上游梯度 1.000 = 2.000；{name}的梯度现在是 2.000"
    )
    assert caption in [t.strip() for t in svg_texts(draw_step(root, 0).svg())]
    assert player_texts(step_player(root).html())[1][1] == caption
    latin = Value(2.0).tanh() * 2.0  # a function's name stays Latin, set off by spaces
    (step, *_) = backward_steps(latin)
    shown = [t.strip() for t in svg_texts(draw_step(latin, 0).svg())]
    assert any(t.endswith(f"；tanh 的梯度现在是 {2.0:#.4g}") for t in shown), shown
    assert step.parent.op == "tanh"


def test_every_op_named_in_chinese_has_its_caption_checked() -> None:
    """The ops of the test above are every op with a Chinese name of its own."""
    named = {n for n, op in OPS.items() if op.title("zh") != n}
    assert named == set(CHINESE_OPS)


def test_chinese_phrases_join_a_chinese_field_without_a_space() -> None:
    """Every Chinese phrase with a field, filled with Chinese and with Latin: no space
    between two Chinese characters, a Latin one set off as the phrase writes it. The
    oracle: the phrase's text with, by a regular expression, the space between a field
    and a Chinese character taken out (a space inside the phrase's own text stays:
    "各条边上 局部导数 × 梯度 之和")."""
    words = Words("zh")
    han = "[\u4e00-\u9fff]"
    checked = 0
    for key, phrase in PHRASES["zh"].items():
        names = {n for _, n, _, _ in string.Formatter().parse(phrase) if n}
        if not names:
            continue
        latin, chinese = dict.fromkeys(names, "x"), dict.fromkeys(names, "值")
        assert words(key, **latin) == phrase.format(**latin), key
        closed = re.sub(rf"(?<={han}) (?=\{{)", "", re.sub(rf"(?<=\}}) (?={han})", "", phrase))
        assert words(key, **chinese) == closed.format(**chinese), key
        checked += closed != phrase
    assert checked >= 3  # the step's "{parent} 的梯度", "个 {op}", "激活函数 {activation}"
    step = dict(n=2, node="加法", parent="乘法", local=1, upstream=1, contribution=1, after=3)
    said = "第 2 步：加法 → 乘法：局部导数 1 × 上游梯度 1 = 1；乘法的梯度现在是 3"
    assert words("step", **step) == said
    assert words("op_count", n=3, op="乘法") == "3 个乘法"
    assert words("op_count", n=3, op="tanh") == "3 个 tanh"
    assert Words("en")("op_count", n=3, op="mul") == "3 mul"


def test_a_player_keeps_the_words_it_was_made_with() -> None:
    with picture_language("zh"):
        player = step_player(neuron()[0])
    labels, captions, _ = player_texts(player.html())  # html() made in English surroundings
    assert labels == [ZH_PLAYER, *["上一步", "当前步骤", "下一步"]] and captions[0].startswith(
        "反向传播之前"
    )


def test_chinese_pictures_leave_no_english_phrase() -> None:
    patterns = english_patterns()
    shown = all_texts("zh")
    left = [(key, t) for t in shown for key, p in patterns.items() if p.search(re.sub(CODE, "", t))]
    assert not left, left
    # and, independently of the table, no Latin word beyond what may stay Latin
    allowed = may_stay_latin()
    stray = {
        w
        for t in shown
        if re.sub(r"\s+", " ", t) not in OP_FORMULAS
        for w in re.findall(r"[A-Za-z]{2,}", re.sub(CODE, "", t))
        if w not in allowed
    }
    assert not stray, sorted(stray)


def test_every_chinese_phrase_is_drawn_somewhere() -> None:
    """Each phrase of the table shows up in the zoo's Chinese pictures (its words around
    the numbers), so none is dead and none is left unused by a view."""
    shown = "\n".join(all_texts("zh"))
    for key, phrase in PHRASES["zh"].items():
        for literal, _, _, _ in string.Formatter().parse(phrase):
            if literal.strip():
                assert literal.strip() in shown, (key, literal)


def test_english_pictures_still_say_it_in_english() -> None:
    """The default: the same zoo shows every English phrase and no Chinese."""
    shown = all_texts("en")
    text = "\n".join(shown)
    assert not CJK.search(text)
    for key, pattern in english_patterns().items():
        assert pattern.search(text), key


def test_a_chinese_picture_as_png_is_refused_naming_the_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """graphviz-pure has no Chinese glyphs: a Chinese-worded raster would show empty
    boxes, so it is refused, naming them, and the SVG is what to use."""
    pure = os.path.join(os.path.dirname(sys.executable), "graphviz-pure")
    if not os.path.exists(pure):
        pytest.skip("graphviz-pure is not next to the interpreter")
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": pure)
    root = neuron()[0]
    picture_language("zh")
    graph = draw_graph(root, view="backward")
    assert "（种子）" in graph.svg()
    refused = r"no glyph for 4 characters .*子种（）.*\.svg"
    with pytest.raises(draw_module.RenderError, match=refused):
        graph.pipe("png")
    picture_language("en")
    assert draw_graph(root, view="backward").pipe("png")[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("draw", "where"),
    [
        (lambda: draw_graph(mlp(), collapse="layer", view="backward"), "layer"),
        (lambda: draw_step(neuron()[0], 0), "seed"),
    ],
)
def test_chinese_rows_get_room_in_the_layout(draw: Callable[[], Any], where: str) -> None:
    """Graphviz lays a CJK character out narrower than a browser draws it; each Chinese
    text of a box carries no-break spaces for the difference (measured in a browser by
    tests/test_browser.py), and an English one none."""
    picture_language("zh")
    source = draw().source
    cells = [re.sub(r"<[^>]*>", "", c) for c in re.findall(r"<TD[^>]*>(.*?)</TD>", source)]
    rows = [c for c in cells if CJK.search(c)]
    assert rows, where
    for row in rows:
        assert "\u00a0" in row, row
    picture_language("en")
    english = draw().source  # (an upright picture's edge labels end in two, a gap)
    assert not any("\u00a0" in c for c in re.findall(r"<TD[^>]*>(.*?)</TD>", english))


def test_a_chinese_folded_expression_lists_its_ops_by_name_and_count() -> None:
    """As in English (tests/test_draw.py): a count list with the enumeration comma (、),
    not the op symbols with their counts glued on ("tanh2 ×2 ^1 −1 +1"), a formula; the
    ops named in Chinese ("2 个 mul、1 个 add" read as English in a Chinese caption), a
    function by its name, set off by a space."""
    from test_draw import folded_sum

    picture_language("zh")
    shown = [t.strip() for t in svg_texts(draw_graph(folded_sum(), collapse="expr").svg())]
    assert "折叠了 7 个运算：2 个乘法、2 个 tanh、1 个加法、1 个幂运算、1 个减法" in shown


def _chinese_word_slips(op: Op) -> list[str]:
    """What is wrong with ``op``'s word in a Chinese picture: it has its own Chinese name
    (``called``), or it is a function written as it is (tanh, exp, sin, ReLU's relu) —
    an op the expression parser calls by name (``named=True``: ``tanh(x)`` is how it is
    written in every language), never an English word such as add or mul."""
    slips = []
    if not {language for language, _ in op.called} <= set(LANGUAGES):
        slips.append(f"{op.name}: names a language no picture has")
    title = op.title("zh")
    if op.title("en") != op.name:
        slips.append(f"{op.name}: English title {op.title('en')!r}")
    if title == op.name and not op.named:
        slips.append(f"{op.name}: no Chinese name and no function (named=False)")
    if title != op.name and any(c.isascii() and c.isalpha() for c in title):
        slips.append(f"{op.name}: Chinese name {title!r} has Latin letters")
    return slips


def test_every_op_has_a_chinese_name_or_is_a_function_name() -> None:
    """Read off each row (a list of function names here had to be edited for every new
    function-named op, though CONTRIBUTING says a function's name is not listed)."""
    assert [slip for op in OPS.values() for slip in _chinese_word_slips(op)] == []


def test_the_chinese_word_rule_on_made_up_rows() -> None:
    """A new function-named op passes as it is; an English-word op without a Chinese
    name, or with Latin letters in it, does not."""
    forward, slope = (lambda m, a: a), (lambda m, a, y: 1.0)
    assert _chinese_word_slips(Op("atan", "atan", 1, forward, (slope,), named=True)) == []
    assert _chinese_word_slips(Op("twice", "2·", 1, forward, (slope,))) == [
        "twice: no Chinese name and no function (named=False)"
    ]
    clip = Op("clip", "clip", 1, forward, (slope,), called=(("zh", "clip 截断"),))
    assert _chinese_word_slips(clip) == ["clip: Chinese name 'clip 截断' has Latin letters"]


def test_chinese_neuron_clusters_name_the_layer_and_the_neuron() -> None:
    """collapse='neuron' of a 2-3-3-1 MLP: each cluster "第 L 层 · 第 k 个神经元", as in
    English (tests/test_draw.py, where the order they are drawn in is checked); the
    oracle is the model's widths."""
    picture_language("zh")
    out = nn.MLP(2, [3, 3, 1], seed=0)([0.5, -1.0])
    assert isinstance(out, Value)
    root = ET.fromstring(draw_graph(out, collapse="neuron").svg().encode("utf-8"))
    labels = [
        "".join(next(g.iter(f"{SVG}text")).itertext()).replace("\u00a0", " ").strip()
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "cluster"
    ]
    widths = {1: 3, 2: 3, 3: 1}
    want = [
        f"第 {layer} 层 · 第 {k} 个神经元" for layer, n in widths.items() for k in range(1, n + 1)
    ]
    assert sorted(labels) == sorted(want)


def test_the_chinese_picture_says_when_leaf_grads_add_up_passes() -> None:
    """As in English (tests/test_draw.py): after two backward passes each leaf holds
    twice its edges' sum; after passes from two outputs, no multiple."""
    picture_language("zh")
    shown = [t.strip() for t in svg_texts(draw_graph(two_passes()).svg())]
    assert "注意：每个叶子的梯度都是它各条边上 局部导数 × 梯度 之和的 2 倍，" in shown
    assert "就像做了 2 次反向传播：叶子的梯度会一直累加，直到清零" in shown
    shown = [t.strip() for t in svg_texts(draw_graph(two_outputs()).svg())]
    assert "注意：有些叶子的梯度不等于它各条边上 局部导数 × 梯度 之和：" in shown
    assert "叶子的梯度会累加每一次反向传播、每一条通往它的路径传来的梯度，直到清零" in shown


class _Frames(HTMLParser):
    """A player's frames as a screen reader meets them: each frame's role and name, the
    live regions, and the player's language."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[tuple[str | None, str | None]] = []  # (role, aria-label)
        self.live: list[dict[str, str | None]] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if "agm-player" in classes:
            self.lang = found.get("lang")
        if "agm-frame" in classes:
            self.frames.append((found.get("role"), found.get("aria-label")))
        if found.get("aria-live"):
            self.live.append(found)


#: z = x·y + x at x = 2, y = 3 by hand: each edge's local derivative (∂z/∂m = ∂z/∂x
#: directly = 1, ∂m/∂x = y = 3, ∂m/∂y = x = 2, m = x·y), each value's ∂z/∂v
#: (∂z/∂x = y + 1 = 4, ∂z/∂y = x = 2) and the names the picture gives them.
HAND_LOCAL = {("z", "x"): 1.0, ("z", "m"): 1.0, ("m", "x"): 3.0, ("m", "y"): 2.0}
HAND_GRAD = {"z": 1.0, "m": 1.0, "x": 4.0, "y": 2.0}
SAID = {
    "en": (
        r"Step (\d+) of 4, the red edge from (\w+) to (\w+): \2 uses \3, so the gradient of "
        r"\3 gets local derivative (\S+) times upstream gradient (\S+), that is (\S+)\. "
        r"The gradient of \3 is now (\S+)\.",
        "Before the backward pass, 4 steps to come: the gradient of the output z is the "
        "seed 1.000; no other value has a gradient yet.",
    ),
    "zh": (
        r"第 (\d+) 步（共 4 步），红色的边从 (\w+) 到 (\w+)：\2 用到了 \3，所以 \3 的梯度"
        r"加上 局部导数 (\S+) 乘以 上游梯度 (\S+)，即 (\S+)。\3 的梯度现在是 (\S+)。",
        "反向传播之前，后面共 4 步：输出 z 的梯度是种子 1.000，其他值还没有梯度。",
    ),
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_each_frame_of_a_player_says_what_its_step_does(language: str) -> None:
    """The frames were inline SVG with no name: a screen reader said nothing as a
    student stepped. Each frame is an image named by a sentence in the player's
    language (which value's gradient grows, from which value that uses it, by how much,
    the sum so far), and a polite live region is there to say it when the player moves.
    The numbers are checked against the derivatives of z = x·y + x worked out by hand."""
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    m = x * y
    m.label = "m"
    z = m + x
    z.label = "z"
    with picture_language(language):
        page = step_player(z).html()
    reader = _Frames()
    reader.feed(page)
    assert reader.lang == {"en": "en", "zh": "zh-CN"}[language]
    assert len(reader.live) == 1
    assert reader.live[0]["aria-live"] == "polite" and reader.live[0]["aria-atomic"] == "true"
    assert len(reader.frames) == 5 and {role for role, _ in reader.frames} == {"img"}
    names = [html.unescape(name or "") for _, name in reader.frames]
    pattern, before = SAID[language]
    assert names[0] == before
    summed: dict[str, float] = {}
    edges = set()
    for k, name in enumerate(names[1:], start=1):
        said = re.fullmatch(pattern, name)
        assert said, name
        n, node, parent, local, upstream, contribution, after = said.groups()
        assert int(n) == k
        edges.add((node, parent))
        assert float(local) == HAND_LOCAL[node, parent]
        assert float(upstream) == HAND_GRAD[node]  # final when the node passes it on
        assert float(contribution) == HAND_LOCAL[node, parent] * HAND_GRAD[node]
        summed[parent] = summed.get(parent, 0.0) + float(contribution)
        assert float(after) == summed[parent]
    assert edges == set(HAND_LOCAL)
    assert summed == {v: g for v, g in HAND_GRAD.items() if v != "z"}


def test_a_chinese_picture_hovers_each_op_formula_in_chinese() -> None:
    """An op node's hover text is its formula: a Chinese picture showed the English one
    ("0 if b = 0", "1 if a > 0 else 0", "leaky ReLU's ∂/∂a") where the op has words."""
    x, s = Value(-2.0, label="x"), Value(0.1, label="s")
    root = x**2.0 + x.relu() + abs(x) + x.leaky_relu(s)
    # relu's and abs's slopes are nodes of a derivative graph: step and sign
    slope = autograd_mini.gradients(root, [x], create_graph=True)[0]
    hand = {  # written out by hand from the English formulas
        "y = aᵇ; ∂y/∂a = b·aᵇ⁻¹ (b = 0 时为 0), ∂y/∂b = aᵇ·ln a (aᵇ = 0 ≤ a 时为 0)",
        "y = max(a, 0); a > 0 时 dy/da = 1, 否则为 0",
        "y = |a|; dy/da = sign(a) (a = 0 处为 0)",
        "a > 0 时 y = a, 否则 y = s·a; ∂y/∂a = 1 或 s, ∂y/∂s = 0 或 a",
        "a > 0 时 y = 1, 否则 y = 0 (relu 的斜率); dy/da = 0",
        "y = sign a = −1, 0 或 1 (|a| 的斜率); dy/da = 0",
    }
    english = re.compile(r"\b(if|else|or|at|of|ReLU's|slope)\b")
    drawn = (lambda: draw_graph(root), lambda: draw_graph(slope), lambda: draw_step(root, 1))
    for picture in drawn:
        with picture_language("zh"):
            tips = {re.sub(r"\s+", " ", t) for t in svg_texts(picture().svg())}
        assert not [t for t in tips if english.search(t)], tips
        hand -= tips
    assert not hand, hand
    with picture_language("en"):
        tips = {re.sub(r"\s+", " ", t) for t in svg_texts(draw_graph(root).svg())}
    assert "y = max(a, 0); dy/da = 1 if a > 0 else 0" in tips


def test_two_asyncio_tasks_in_one_thread_keep_their_own_blocks() -> None:
    """A notebook's cells, and the tasks they start, run in one thread: task A's
    ``with picture_language("zh")`` drew task B's pictures in Chinese while A awaited,
    and A leaving first put back B's block's "zh" over B's English. Events, not
    timing, force the interleaving."""

    async def both() -> dict[str, list[str]]:
        a_in, b_in, a_out = asyncio.Event(), asyncio.Event(), asyncio.Event()
        seen: dict[str, list[str]] = {"a": [], "b": []}

        async def a() -> None:
            with picture_language("zh"):
                a_in.set()
                await b_in.wait()
                seen["a"].append(current().language)
            a_out.set()
            seen["a"].append(current().language)

        async def b() -> None:
            await a_in.wait()
            seen["b"].append(current().language)  # A is inside its block, awaiting
            with picture_language("en"):
                b_in.set()
                await a_out.wait()
                seen["b"].append(current().language)  # A has left its block
            seen["b"].append(current().language)

        await asyncio.gather(a(), b())
        return seen

    assert asyncio.run(both()) == {"a": ["zh", "en"], "b": ["en", "en", "en"]}
    assert current().language == "en"


def test_a_task_started_in_a_block_draws_in_its_language() -> None:
    """As grad mode: a task made inside the block copies it; the block's end is its own."""

    async def run() -> tuple[str, str]:
        with picture_language("zh"):
            inner = asyncio.create_task(_language_later())
        return current().language, await inner

    async def _language_later() -> str:
        await asyncio.sleep(0)
        return current().language

    assert asyncio.run(run()) == ("en", "zh")


def test_a_plain_call_in_a_notebook_cell_with_await_stays_for_the_next_cells(
    inline_kernel_per_test: None,
) -> None:
    """The reason a plain call stays the thread's, not the context's: ipykernel runs a
    cell holding an ``await`` in a copy of the context, so a context variable set there
    was gone in the next cell (a Chinese notebook's pictures back in English). The kernel
    is this interpreter's (``inline_kernel_per_test``): with none named, Jupyter started
    whatever "python3" kernelspec it found first, a user's own of another Python, say."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    from docs import kernel

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cells = [
        f"import sys, asyncio\nsys.path.insert(0, {root!r})\n"
        "from autograd_mini import picture_language\nfrom autograd_mini.words import current",
        'await asyncio.sleep(0)\npicture_language("zh")',
        "print(current().language)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    kernel.execute(nb, timeout=120)
    assert [o.get("text") for o in nb.cells[2].outputs] == ["zh\n"]


def test_the_column_a_picture_is_wider_than_has_one_chinese_name() -> None:
    """A notebook's column is "一栏" in the command's help ("适应 1,000 px 宽的一栏"); the
    box a wider picture scrolls in was named "比页面栏宽的图", a word Chinese has not (页面栏).
    Oracle: the help's own word for the column."""
    from autograd_mini.cli_words import MESSAGES

    assert "一栏" in MESSAGES["zh"]["rankdir_help"]
    scrolls = autograd_mini.words.PHRASES["zh"]["scrolls"]
    assert "一栏" in scrolls and "页面栏" not in scrolls, scrolls


def test_a_block_left_in_a_task_that_did_not_enter_it_is_refused() -> None:
    """A task started inside a block has a copy of the blocks: leaving the block there
    removed the task's own inner block, silently (its pictures back in the outer
    language while still inside its "en" block), and left the block in force in the
    task that entered it. The task is told; its own block stays in force."""

    async def run() -> tuple[str, str, str]:
        setting = picture_language("zh")
        setting.__enter__()

        async def other() -> str:
            with picture_language("en"):
                with pytest.raises(RuntimeError, match="did not enter it"):
                    setting.__exit__(None, None, None)
                return current().language

        inside = await asyncio.create_task(other())
        before = current().language
        setting.__exit__(None, None, None)  # left where it was entered
        return inside, before, current().language

    assert asyncio.run(run()) == ("en", "zh", "en")


def test_a_generator_closed_inside_its_callers_block_leaves_that_block_in_force() -> None:
    """A generator suspended inside its block and finished inside its caller's later
    block removes its own block, not the caller's innermost one (which drew the rest of
    the caller's block in the generator's language)."""

    def words() -> Iterator[str]:
        with picture_language("zh"):
            yield current().language

    seen = []
    steps = words()
    seen.append(next(steps))
    with picture_language("en"):
        seen.append(current().language)
        with contextlib.suppress(StopIteration):
            next(steps)  # the generator leaves its block here
        seen.append(current().language)
    seen.append(current().language)
    assert seen == ["zh", "en", "en", "en"]
