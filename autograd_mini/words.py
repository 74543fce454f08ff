"""The words drawn into pictures, one table per language, and the setting that picks one.

The pictures (:func:`~autograd_mini.draw.draw_graph`, :func:`~autograd_mini.steps.draw_step`,
the step player) say what they show in words: "(seed)", "step 3: … local … × upstream …",
"outputs a:", "previous step". The Chinese notebooks explain the same pictures in
Chinese, so a student there read Chinese prose above English captions. Every such phrase
lives here, once per language, and the views ask for it by key; numbers are filled in by
the caller, already written in the picture's own format, so that only the words change.

The language is a setting rather than an argument: a Chinese notebook's code cells must
equal the English ones beyond their strings (``python -m docs.zh check``), so it says
``picture_language("zh")`` once, in a cell of its own, and draws with the same calls as
the English notebook. That plain call's setting is per thread (two threads may draw in two
languages at once), a ``with picture_language(…)`` block's per thread or asyncio task;
either applies to a picture when it is drawn: a picture keeps its words afterwards.

``data`` and ``grad`` stay as they are in both languages: they are the names of
:class:`~autograd_mini.value.Value`'s attributes, and the Chinese notebooks write them so
("每个方框里印的 grad").
"""

from __future__ import annotations

import contextvars
import string
import threading
import unicodedata
from types import TracebackType

__all__ = ["LANGUAGES", "PHRASES", "PictureLanguage", "Words", "current", "picture_language"]

#: The phrases of each language, by key. A ``{name}`` is filled in by :class:`Words`
#: (numbers already formatted by the picture's ``fmt``); both languages have the same keys
#: and the same fields (tests/test_words.py checks it). A count's key ending in ``_one``
#: is its phrase for n = 1 (:meth:`Words.count` picks it). A Chinese phrase sets a field
#: off by spaces, as it sets off a number or a Latin name ("x 的梯度", "1 个 tanh"); where
#: the field is filled with Chinese the space next to Chinese goes (:data:`CLOSED`).
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        # the boxes and edges of draw_graph's views
        "data": "data",
        "grad": "grad",
        "seed": " (seed)",
        "constant": "+ constant",
        # collapse="expr": what a folded expression holds, as a count list
        "ops": "{n} ops folded: {summary}",
        "op_count": "{n} {op}",
        "list_separator": ", ",
        "values": "{n} values",
        "values_one": "{n} value",
        "paths": "{n} paths",
        # the forward view when a leaf's .grad is not the sum over its edges drawn
        "leaf_grads_passes": (
            "note: each leaf's grad is {n} × the sum of local derivative × grad over its edges,"
        ),
        "leaf_grads_passes_why": (
            "as after {n} backward passes: a leaf's grad accumulates until zero_grad()"
        ),
        "leaf_grads_differ": (
            "note: some leaf grads are not the sum of local derivative × grad over their edges:"
        ),
        "leaf_grads_differ_why": (
            "a leaf's grad adds up every backward pass and every path to it, until zero_grad()"
        ),
        # a big drawing without a fold: the fold that draws it smaller
        "fold_note_neurons": (
            "a big drawing: collapse='layer' draws one box per layer, "
            "collapse='neuron' one cluster per neuron"
        ),
        "fold_note_expr": (
            "a big drawing: collapse='expr' folds each value used only once into the value that "
            "uses it"
        ),
        "fold_note_inputs": (
            "a big drawing: collapse='inputs' draws a node's many leaf inputs (more than "
            "{n}) as one box"
        ),
        # a big step picture (steps take neither 'layer' nor 'expr')
        "fold_note_step_neurons": "a big drawing: collapse='neuron' draws one cluster per neuron",
        "sum_tooltip": "the contributions that meet here add up",
        # collapse 'inputs'/'neuron': many edges into one node, their numbers as hover text
        "crowded_edges": (
            "edges into a node that more than {n} values feed carry no number (they would "
            "be drawn over each other): hover over an edge to read it"
        ),
        # a folded expression's local derivative where its chain rule meets 0 × ∞ or ∞ − ∞
        "undefined": "undefined: an infinite slope inside",
        "n_inputs": "{n} inputs",
        "n_inputs_one": "{n} input",
        # beside the names of a box's named inputs, the others ("x1 … x10 + 10 unnamed")
        "n_named": "{n} named {names}",
        "n_unnamed": "+ {n} unnamed",
        "n_unnamed_one": "+ {n} unnamed",
        # collapse="layer" and collapse="neuron"
        "layer": "layer {n}",
        "neuron_cluster": "layer {layer} · neuron {n}",
        "layer_neurons": ": {n} neurons, activation {activation}",
        "layer_neurons_one": ": {n} neuron, activation {activation}",
        "no_activation": "none",
        "layer_parameters": "{n} parameters, data {span}",
        "layer_parameters_one": "{n} parameter, data {span}",
        "layer_outputs": "outputs a: {span}",
        "parameter_grads": "parameter grads {span}",
        # the steps: captions, titles, str(step), the player's buttons
        "step": (
            "step {n}: {node} → {parent}: local {local} × upstream {upstream} = "
            "{contribution}; grad of {parent} is now {after}"
        ),
        "before_backward": "before backward: the output's gradient is the seed {seed}",
        # the player's spoken description of a frame (its aria-label and live region)
        "step_spoken": (
            "Step {n} of {total}, the red edge from {node} to {parent}: {node} uses {parent}, "
            "so the gradient of {parent} gets local derivative {local} times upstream gradient "
            "{upstream}, that is {contribution}. The gradient of {parent} is now {after}."
        ),
        # the same for a row named by its place in its table (w₁, a₁, b): said with its
        # table once ("from z=… to w₁ of z=…: z=… uses w₁" named the table three times),
        # and as the row the frame reddens: a weight's or the bias's row has no edge
        # (the red edge of "from z=… to its row w₁" was drawn nowhere)
        "step_spoken_row": (
            "Step {n} of {total}, the red row {parent} in the table of {node}: the gradient "
            "of {parent} gets local derivative {local} times upstream gradient {upstream}, "
            "that is {contribution}. The gradient of {parent} is now {after}."
        ),
        "before_spoken": (
            "Before the backward pass, {total} steps to come: the gradient of the output "
            "{root} is the seed {seed}; no other value has a gradient yet."
        ),
        # the last frame of a pass that skips zero gradients: what no step reached
        "zero_grads": (
            "{n} values no step reached have gradient 0: a zero gradient passes nothing on "
            "(skip_zero=False steps through them)"
        ),
        "zero_grads_one": (
            "{n} value no step reached has gradient 0: a zero gradient passes nothing on "
            "(skip_zero=False steps through it)"
        ),
        "clause_separator": "; ",
        "previous_step": "previous step",
        "next_step": "next step",
        "slider": "step",
        # the player itself, the first stop of Tab: what it is and how its keys move it
        "player": "step player: the left and right arrow keys move one step",
        # a picture said to a screen reader (autograd_mini/spoken.py): its name, then one
        # sentence a value, as its box reads
        "graph_spoken": "Computation graph of {root}: {n} values, operations {ops}.",
        "graph_spoken_leaf": "Computation graph of {root}: one value, no operation.",
        "value_spoken": "{name}: {data}, {grad}.",
        "value_spoken_no_grad": "{name}: {data}.",
        "grad_unknown": "not reached yet",
        "fold_spoken": "{title}: one box of {n} values.",
        "fold_inputs": "inputs",
        # a box of collapse='expr': its ops, counted, on the inputs drawn into it
        "folded_spoken": "{n} operations of {inputs} ({summary})",
        # inputs a folded box is fed that are said alike (two boxes "x | data 2.000"),
        # counted after the name: "2 values 0.5000, -0.2500" was heard as two inputs
        "alike_inputs": "{name} ({n} values)",
        "more_spoken": "And {n} more values.",
        "more_spoken_one": "And {n} more value.",
        # a neuron's table, row by row, as it reads: "w1 0.5000 (∂ 1.711) × x1 2.000 = 1.000"
        "rows_spoken": "Its rows: {rows}.",
        "row_separator": "; ",
        "more_rows": "{n} more rows",
        "more_rows_one": "{n} more row",
        "ops_separator": ", ",
        # a picture's box in a notebook's HTML output (a region a screen reader names):
        # one that fits, which scrolls on a narrower screen, and one wider than the column
        "picture_box": "Computation graph of {root}",
        "scrolls": "Computation graph of {root}, wider than the column: scroll sideways to "
        "see all of it",
    },
    "zh": {
        "data": "data",
        "grad": "grad",
        "seed": "（种子）",
        "constant": "+ 常数",
        "ops": "折叠了 {n} 个运算：{summary}",
        "op_count": "{n} 个 {op}",
        "list_separator": "、",
        "values": "{n} 个值",
        "values_one": "{n} 个值",
        "paths": "{n} 条路径",
        "leaf_grads_passes": "注意：每个叶子的梯度都是它各条边上 局部导数 × 梯度 之和的 {n} 倍，",
        "leaf_grads_passes_why": "就像做了 {n} 次反向传播：叶子的梯度会一直累加，直到清零",
        "leaf_grads_differ": "注意：有些叶子的梯度不等于它各条边上 局部导数 × 梯度 之和：",
        "leaf_grads_differ_why": (
            "叶子的梯度会累加每一次反向传播、每一条通往它的路径传来的梯度，直到清零"
        ),
        "fold_note_neurons": (
            "图很大：collapse='layer' 把每层画成一个框，collapse='neuron' 把每个神经元画成一组"
        ),
        "fold_note_expr": "图很大：collapse='expr' 把只用到一次的值并入用它的那个值",
        "fold_note_inputs": (
            "图很大：collapse='inputs' 把一个节点的众多叶子输入（多于 {n} 个）画成一个框"
        ),
        "fold_note_step_neurons": "图很大：collapse='neuron' 把每个神经元画成一组",
        "sum_tooltip": "汇合到这里的各项贡献相加",
        "crowded_edges": (
            "有超过 {n} 个值输入的节点，进入它的边上不写数（否则会叠在一起）："
            "把鼠标停在边上就能看到"
        ),
        "undefined": "无定义：内部有无穷大的导数",
        "n_inputs": "{n} 个输入",
        "n_inputs_one": "{n} 个输入",
        "n_named": "{n} 个有名字的 {names}",
        "n_unnamed": "+ {n} 个无名输入",
        "n_unnamed_one": "+ {n} 个无名输入",
        "layer": "第 {n} 层",
        "neuron_cluster": "第 {layer} 层 · 第 {n} 个神经元",
        "layer_neurons": "：{n} 个神经元，激活函数 {activation}",
        "layer_neurons_one": "：{n} 个神经元，激活函数 {activation}",
        "no_activation": "无",
        "layer_parameters": "{n} 个参数，data {span}",
        "layer_parameters_one": "{n} 个参数，data {span}",
        "layer_outputs": "输出 a：{span}",
        "parameter_grads": "参数的梯度 {span}",
        "step": (
            "第 {n} 步：{node} → {parent}：局部导数 {local} × 上游梯度 {upstream} = "
            "{contribution}；{parent} 的梯度现在是 {after}"
        ),
        "before_backward": "反向传播之前：输出的梯度是种子 {seed}",
        "step_spoken": (
            "第 {n} 步（共 {total} 步），红色的边从 {node} 到 {parent}：{node} 用到了 {parent}，"
            "所以 {parent} 的梯度加上 局部导数 {local} 乘以 上游梯度 {upstream}，即 "
            "{contribution}。{parent} 的梯度现在是 {after}。"
        ),
        "step_spoken_row": (
            "第 {n} 步（共 {total} 步），{node} 表格里红色的 {parent} 这一行："
            "{parent} 的梯度加上 局部导数 {local} 乘以 上游梯度 {upstream}，即 "
            "{contribution}。{parent} 的梯度现在是 {after}。"
        ),
        "before_spoken": (
            "反向传播之前，后面共 {total} 步：输出 {root} 的梯度是种子 {seed}，其他值还没有梯度。"
        ),
        "zero_grads": (
            "有 {n} 个值没有任何一步传到，它们的梯度是 0：梯度为 0 的值不再往下传"
            "（skip_zero=False 会把这些步骤也走一遍）"
        ),
        "zero_grads_one": (
            "有 {n} 个值没有任何一步传到，它的梯度是 0：梯度为 0 的值不再往下传"
            "（skip_zero=False 会把这些步骤也走一遍）"
        ),
        "clause_separator": "；",
        "previous_step": "上一步",
        "next_step": "下一步",
        "slider": "当前步骤",
        "player": "逐步播放器：按左右方向键前后走一步",
        "graph_spoken": "{root} 的计算图：{n} 个值，运算 {ops}。",
        "graph_spoken_leaf": "{root} 的计算图：一个值，没有运算。",
        "value_spoken": "{name}：{data}，{grad}。",
        "value_spoken_no_grad": "{name}：{data}。",
        "grad_unknown": "还没有传到",
        "fold_spoken": "{title}：一个方框，含 {n} 个值。",
        "fold_inputs": "输入",
        "folded_spoken": "由 {inputs} 经 {n} 个运算算出（{summary}）",
        "alike_inputs": "{name}（{n} 个）",
        "more_spoken": "另有 {n} 个值。",
        "more_spoken_one": "另有 {n} 个值。",
        "rows_spoken": "各行：{rows}。",
        "row_separator": "；",
        "more_rows": "另有 {n} 行",
        "more_rows_one": "另有 {n} 行",
        "ops_separator": "、",
        "picture_box": "{root} 的计算图",
        "scrolls": "{root} 的计算图，比页面的一栏还宽：左右滚动可以看到全图",
    },
}

#: The languages a picture can be drawn in.
LANGUAGES = tuple(PHRASES)

#: The languages whose text runs on between wide characters, with no space: a phrase's
#: space between a field and its text is dropped where both sides are wide (Chinese)
#: characters — "加法的梯度", "1 个乘法" — and kept next to a Latin name or a number
#: ("x 的梯度", "1 个 tanh", "第 3 步"). A caption read "加法 的梯度".
CLOSED = frozenset({"zh"})


def wide(c: str) -> bool:
    """Whether ``c`` is a wide (CJK, full-width) character, one that sets no space."""
    return unicodedata.east_asian_width(c) in ("W", "F")


def fields(phrase: str) -> set[str]:
    """The ``{names}`` a phrase is filled with."""
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}


class Words:
    """The phrases of one language: ``words("paths", n=3)`` is "3 paths" or "3 条路径".

    A field's value is put in as it is, never read as a template: a label such as
    ``"{x}"`` is drawn as written.
    """

    def __init__(self, language: str) -> None:
        self.language = _check(language, "Words")
        self._phrases = PHRASES[language]

    def __call__(self, key: str, **values: object) -> str:
        phrase = self._phrases[key]
        if self.language not in CLOSED:
            return phrase.format(**values)
        return _closed(phrase, values)

    def count(self, key: str, n: int, **values: object) -> str:
        """``key``'s phrase for ``n`` things: "1 value", "4 values" (the ``_one`` key
        for one, where the table has it); ``values`` fill its other fields."""
        one = key + "_one"
        return self(one if n == 1 and one in self._phrases else key, n=n, **values)

    def __repr__(self) -> str:
        return f"Words({self.language!r})"


def _closed(phrase: str, values: dict[str, object]) -> str:
    """``phrase`` filled with ``values``, without the spaces between a field and its text
    where both sides are wide characters (see :data:`CLOSED`)."""
    formatter = string.Formatter()
    pieces: list[tuple[str, bool]] = []  # (text, is a field's value)
    for literal, name, spec, conversion in formatter.parse(phrase):
        if literal:
            pieces.append((literal, False))
        if name is not None:
            value = formatter.convert_field(formatter.get_field(name, (), values)[0], conversion)
            pieces.append((formatter.format_field(value, spec or ""), True))
    texts = [text for text, _ in pieces]
    for i, (text, field) in enumerate(pieces):
        if field or not (text.startswith(" ") or text.endswith(" ")):
            continue
        # the wide characters a space of this text stands between: a field's value on
        # one side, this text's own next character (or the next field's) on the other
        left = texts[i - 1][-1:] if i > 0 and pieces[i - 1][1] else ""
        right = texts[i + 1][:1] if i + 1 < len(pieces) and pieces[i + 1][1] else ""
        inner = text.strip(" ")
        if left and text.startswith(" ") and _both_wide(left, inner[:1] or right):
            text = text[1:]
        if right and text.endswith(" ") and _both_wide(inner[-1:] or left, right):
            text = text[:-1]
        texts[i] = text
    return "".join(texts)


def _both_wide(a: str, b: str) -> bool:
    return len(a) == len(b) == 1 and wide(a) and wide(b)


def _check(language: object, where: str) -> str:
    if not isinstance(language, str) or language not in PHRASES:
        known = ", ".join(repr(k) for k in LANGUAGES)
        raise ValueError(f"{where}: unknown language {language!r}; the known ones are {known}")
    return language


class _Thread(threading.local):
    language = "en"  # this thread's language, set by a plain call outside any block
    changes = 0  # how many times a call or block changed it here: see PictureLanguage


_thread = _Thread()

#: The ``with picture_language(…)`` blocks this context is inside, innermost last: each
#: its language and the entry it is (whose ``__exit__`` removes it, and it alone). A
#: context variable, as grad mode is: two asyncio tasks in one thread
#: (a notebook's cells run as tasks of one thread) each have their own blocks. A block
#: in one task drew the other task's pictures in its language while it awaited, and
#: two blocks left in the other order put back each other's language. A plain call
#: outside any block stays the thread's: ipykernel runs a cell with an ``await`` in a
#: copy of the context, so a context's setting made there was gone in the next cell.
_BLOCKS: contextvars.ContextVar[tuple[tuple[str, object], ...]] = contextvars.ContextVar(
    "picture_language_blocks", default=()
)


def _language() -> str:
    blocks = _BLOCKS.get()
    return blocks[-1][0] if blocks else _thread.language


def _set(language: str) -> int:
    """A plain call's setting: the innermost block's language until the block ends, or
    the thread's outside any block."""
    blocks = _BLOCKS.get()
    if blocks:
        _BLOCKS.set((*blocks[:-1], (language, blocks[-1][1])))
    else:
        _thread.language = language
    _thread.changes += 1
    return _thread.changes


def current() -> Words:
    """The words of the picture language in force here: the innermost ``with
    picture_language(…)`` block's of this thread or task, else this thread's ('en'
    until set)."""
    return Words(_language())


class PictureLanguage:
    """What :func:`picture_language` returns: the setting is already made; as a context
    manager it puts back, on leaving the block, the language that was in force before."""

    def __init__(self, language: str) -> None:
        self.language = _check(language, "picture_language")
        self._before = _language()  # what the call replaced
        self._thread = threading.get_ident()
        self._change: int | None = _set(self.language)
        self._blocks = _BLOCKS.get()  # the blocks the call was made in
        # each entry not yet left: the token its context variable setting gave (which
        # only the context that made it can reset) and its mark in the blocks
        self._entries: list[tuple[contextvars.Token[tuple[tuple[str, object], ...]], object]] = []

    def __enter__(self) -> str:
        # ``with picture_language("zh"):`` enters the setting just made: the call's own
        # setting is undone, and the block has the language. Entered later — after other
        # calls, in another thread or task, or again inside its own block — it sets its
        # language for the block, over the one in force now.
        fresh = (
            threading.get_ident() == self._thread
            and _thread.changes == self._change
            and _BLOCKS.get() is self._blocks
        )
        self._change = None  # entered: a later entry is never the call's own
        if fresh:
            _set(self._before)
        mark = object()
        token = _BLOCKS.set((*_BLOCKS.get(), (self.language, mark)))
        self._entries.append((token, mark))
        _thread.changes += 1
        return self.language

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # This entry is the one this context made (innermost first: the same setting
        # may be entered again inside its own block): a task started inside the block
        # has a copy of the blocks, and would otherwise leave its copy of this block
        # silently (its own inner block, when it has one), the block staying in force
        # in the task that entered it. Only this entry's block is removed: a generator
        # suspended inside a block and closed inside its caller's block leaves the
        # caller's in force.
        blocks = _BLOCKS.get()
        for token, mark in reversed(list(self._entries)):
            try:
                _BLOCKS.reset(token)  # refused in any other context
            except ValueError:
                continue
            self._entries.remove((token, mark))
            _BLOCKS.set(tuple(block for block in blocks if block[1] is not mark))
            _thread.changes += 1
            return
        raise RuntimeError(
            "picture_language: a block was left in a thread or task that did not "
            "enter it; each thread sets its own language, each task its own blocks (a "
            "notebook cell holding an await runs as a task of its own)"
        )

    def __repr__(self) -> str:
        return f"picture_language({self.language!r})"

    def _ipython_display_(self) -> None:
        """Nothing to show: a notebook cell ending in the plain call printed
        ``picture_language('zh')`` under it, on every page of the Chinese edition."""


def picture_language(language: str) -> PictureLanguage:
    """Draw the words of this thread's pictures in ``language`` ('en' or 'zh').

    A plain call sets it until the next call (a Chinese notebook's first cell);
    ``with picture_language("zh"): …`` sets it for the block only, in this thread or
    asyncio task alone (a task started inside the block inherits it). Other threads
    keep their own language. Numbers are unchanged: only the words are translated.

    PNG and JPG pictures are drawn by graphviz-pure, which has no Chinese glyphs: a
    Chinese-worded picture is refused there, naming the characters (an SVG shows them).
    """
    return PictureLanguage(language)
