"""The command line in Chinese: `autograd-mini graph --lang zh` gives its help and its
errors in Chinese, argparse's own words too; English stays as it was.

Oracles: the phrases written out here by hand, and the table's own fields read with
string.Formatter (not with the code that fills them)."""

from __future__ import annotations

import argparse
import contextlib
import re
import string
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from autograd_mini import cli_graph, expr_words
from autograd_mini.cli import main
from autograd_mini.cli_words import MESSAGES, OTHERS_WORDS, argv_language
from autograd_mini.render import NoGlyphs
from autograd_mini.words import picture_language

CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(phrase: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}


@pytest.mark.parametrize("table", [MESSAGES, expr_words.MESSAGES], ids=["command", "expression"])
def test_every_message_exists_in_both_languages_with_the_same_fields(
    table: dict[str, dict[str, str]],
) -> None:
    """The command's table, and the expression parser's (autograd_mini/expr_words.py)."""
    assert set(table) == {"en", "zh"}
    assert table["en"].keys() == table["zh"].keys()
    for key, en in table["en"].items():
        assert fields(en) == fields(table["zh"][key]), key


def test_every_chinese_message_is_in_chinese() -> None:
    """Each Chinese phrase that has words has Chinese ones (joiners and a format are
    punctuation only)."""
    for key, zh in MESSAGES["zh"].items():
        if re.search(r"[^\W\d_]", re.sub(r"\{\w+\}", "", zh)):
            assert CJK.search(zh), key


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["graph", "x", "--lang", "zh"], "zh"),
        (["graph", "--lang=zh", "x"], "zh"),
        (["graph", "x", "--lang", "zh", "--lang", "en"], "en"),  # the last wins
        (["graph", "x", "--lang", "fr"], "en"),
        (["graph", "x", "--lang"], "en"),
        (["graph", "--", "--lang=zh"], "en"),  # the expression, after --
        (["graph", "x"], "en"),
        (["graph", "x", "\u2014lang", "zh"], "zh"),  # an input method's em dash
        (["graph", "x", "\uff0d\uff0dlang=zh"], "zh"),  # full-width hyphens
        (["graph", "x", "\u2014language", "zh"], "en"),  # no such option
        (["graph", "x", "--lang", "ZH"], "zh"),  # as argparse reads it (type=str.lower)
        (["graph", "x", "--lang=Zh"], "zh"),
    ],
)
def test_the_language_is_read_before_parsing(argv: list[str], language: str) -> None:
    assert argv_language(argv) == language


def test_the_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """`graph --help --lang zh` printed argparse's and the command's English help."""
    with pytest.raises(SystemExit) as done:
        main(["graph", "--help", "--lang", "zh"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：autograd-mini graph [-h]")
    for said in ("位置参数", "选项", "显示这段帮助并退出", "各变量的值", "不显示梯度", "例："):
        assert said in out, said
    for english in ("usage:", "show this help", "values of the variables", "example:"):
        assert english not in out, english


def test_a_list_in_the_chinese_help_and_errors_is_separated_as_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The functions in the help and the options in "there is no option" were joined
    with ", " under --lang zh, where an unknown function's list (expr) and every other
    list of the command use "、"."""
    with pytest.raises(SystemExit):
        main(["graph", "--help", "--lang", "zh"])
    out = capsys.readouterr().out
    assert "cos、exp、" in out and "cos, exp" not in out, out
    assert main(["graph", "x", "--set", "x=1", "--zzzz", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "（它的选项：--collapse、--color、" in err and "--collapse, " not in err, err


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # the command's own refusal, --lang typed after the mistake
        (
            ["x", "--precison", "3", "--lang", "zh"],
            "没有 --precison 这个选项：你是不是想写 --precision？",
        ),
        # argparse's own messages
        (["x", "--set", "x=1", "--lang=zh", "--view"], "参数 --view：需要一个参数"),
        # --lang taken for the view's value: "the expression came as 2 arguments ('x', 'zh')"
        (["x", "--set", "x=1", "--view", "--lang", "zh"], "参数 --view：需要一个参数"),
        (["x", "--set", "x=1", "--view", "sideways", "--lang", "zh"], "无效的选择：'sideways'"),
        (
            ["x", "--set", "x=1", "--precision", "2.5", "--lang", "zh"],
            "需要一个整数，得到的是 '2.5'",
        ),
        (["--lang", "zh"], "缺少这些参数：表达式"),
        # the run's refusals
        (["x*y", "--set", "x=1", "--lang", "zh"], "未知的名字 'y'：请用 --set 给每个名字一个值"),
        (["x", "--set", "x=1,5", "--lang", "zh"], "'1,5' 不是一个数（小数点写作 .，如 1.5）"),
        (["x", "y", "--lang", "zh"], "表达式被分成了 2 个参数（'x'、'y'）"),
        # draw's rules, said in the command's flags ("--no-grad hides the gradients…")
        (
            ["x", "--set", "x=1", "--no-grad", "--view", "backward", "--lang", "zh"],
            "--no-grad 隐藏梯度，而 --view backward 画的正是梯度：两者只能给一个",
        ),
        (
            ["x", "--set", "x=1", "--no-grad", "--color", "--lang", "zh"],
            "--color 按正负给梯度上色，而 --no-grad 隐藏梯度：两者只能给一个",
        ),
        # backward's refusal was quoted whole in English ("backward: sqrt of 0.0: the local
        # derivative dy/da is inf, …")
        (
            ["sqrt(x)", "--set", "x=0", "--lang", "zh"],
            "反向传播：平方根（0.0）的局部导数 dy/da 是 inf，而梯度 1.0 要流过它（y = √a; "
            "dy/da = 1/(2√a) = 1/(2y)）——在未命名的节点（运算 平方根，值 0.0），由节点 'x' 算出，"
            "输入是节点 'x'（叶子）\n",
        ),
        # which sqrt, which derivative and which input: the Chinese said only "sqrt of
        # 0.0's local derivative is infinite or does not exist" where the English names
        # dy/da, its value, the gradient, the node and the input
        (
            ["sqrt(x) - sqrt(x*x)", "--set", "x=0", "--lang", "zh"],
            "反向传播：平方根（0.0）的局部导数 dy/da 是 inf，而梯度 -1.0 要流过它（y = √a; "
            "dy/da = 1/(2√a) = 1/(2y)）——在未命名的"
            "节点（运算 平方根，值 0.0），由节点 'x' 算出，输入是未命名的节点（运算 乘法，"
            "值 0.0），由节点 'x' 算出\n",
        ),
        (
            ["x**y", "--set", "x=0", "y=0.5", "--lang", "zh"],
            "反向传播：幂运算（0.0 和 0.5）的局部导数 ∂y/∂a 是 inf，而梯度 1.0 要流过它（y = aᵇ; "
            "∂y/∂a = b·aᵇ⁻¹ (b = 0 时为 0), ∂y/∂b = aᵇ·ln a (aᵇ = 0 ≤ a 时为 0)）——在"
            "未命名的节点（运算 幂运算，值 0.0），由节点 'x'、'y' 算出，输入是节点 'x'（叶子）\n",
        ),
        (  # a derivative that does not exist: ln of a negative base
            ["x**y", "--set", "x=-2", "y=2", "--lang", "zh"],
            "反向传播：幂运算（-2.0 和 2.0）的局部导数 ∂y/∂b 不存在（nan），而梯度 1.0 要流过它"
            "（y = aᵇ; ∂y/∂a = b·aᵇ⁻¹ (b = 0 时为 0), ∂y/∂b = aᵇ·ln a (aᵇ = 0 ≤ a 时为 0)）"
            "——在未命名的节点（运算 幂运算，值 4.0），由节点 'x'、'y' 算出，"
            "输入是节点 'y'（叶子）\n",
        ),
        (
            ["x*y + x*y", "--set", "x=1e-10", "y=1e308", "--lang", "zh"],
            "反向传播：节点 'x'（叶子）的梯度溢出了：1e+308 + 1e+308 × 1.0（来自未命名的节点"
            "（运算 乘法，值 1.0000000000000001e+298），由节点 'x'、'y' 算出）超过了 ±1.8e308，"
            "梯度存不下：请把损失或输入缩小",
        ),
        # the same with terms added after it that do not bring it back: it was quoted
        # whole in English ("… and with the terms added after it (exactly) still beyond")
        (
            ["x*y + x*y + x*y", "--set", "x=1e-10", "y=1e308", "--lang", "zh"],
            "反向传播：节点 'x'（叶子）的梯度溢出了：1e+308 + 1e+308 × 1.0（来自未命名的节点"
            "（运算 乘法，值 1.0000000000000001e+298），由节点 'x'、'y' 算出）超过了 ±1.8e308，"
            "再（精确地）加上后面的各项也还是超过，梯度存不下：请把损失或输入缩小\n",
        ),
        # the system's words, by errno (its strerror is English: "No such file or directory")
        (
            ["x", "--set", "x=1", "-o", "/no-such-folder-here/a.svg", "--lang", "zh"],
            "-o '/no-such-folder-here/a.svg'：无法写入这张图（没有这个文件或文件夹）",
        ),
        # --lang ZH was "error: argument --lang: invalid choice: 'ZH'", in English
        (["log(x)", "--set", "x=0", "--lang", "ZH"], "log 的参数必须大于 0，这里是 0.0"),
        (["log(x)", "--set", "x=0", "--lang=Zh"], "log 的参数必须大于 0，这里是 0.0"),
        (
            ["x", "--set", "x=1", "--collapse", "expr", "--steps", "s", "--lang", "zh"],
            "两者只能给一个",
        ),
    ],
)
def test_errors_are_chinese(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every error under --lang zh was English, argparse's "expected one argument" too."""
    err = _refused_in_chinese(["graph", *typed], capsys)
    assert "autograd-mini graph：错误：" in err and said in err, err


def _refused_in_chinese(typed: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What ``main(typed)`` says on stderr, once it has exited 2 with no English word of
    argparse's ("error:", "usage:") in it."""
    try:
        status = main(typed)
    except SystemExit as exc:  # argparse's own errors exit
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err
    assert "error:" not in err and "usage:" not in err, err
    return err


def test_the_top_level_speaks_chinese_too(capsys: pytest.CaptureFixture[str]) -> None:
    """`autograd-mini --lang zh` (no command) is told to give one, in Chinese (it was
    "invalid choice: 'zh'", the language taken for the command); so is a command that
    does not exist."""
    assert main(["--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("用法：autograd-mini [-h] [--version] 命令")
        and "请给出一个命令（graph）" in err
    ), err
    with pytest.raises(SystemExit) as done:
        main(["--lang", "zh", "grpah"])
    assert done.value.code == 2
    assert "无效的选择：'grpah'（可选：'graph'）" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # argparse's template spaced the Chinese metavar as it spaces an option's name
        (["--lang", "zh", "grpah"], "autograd-mini：错误：参数“命令”：无效的选择：'grpah'"),
        (["graph", "x", "--view", "up", "--lang", "zh"], "参数 --view：无效的选择：'up'"),
    ],
)
def test_a_chinese_argument_name_is_not_spaced(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Chinese metavar read "参数 命令" (before 无效的选择): a space between two Chinese
    words, from argparse's template "参数 %(argument_name)s", right before an option's
    ASCII name (参数 --view). Run together, "参数命令" read as one word, a command's
    parameter: the Chinese name is quoted, 参数“命令”."""
    assert said in _refused_in_chinese(typed, capsys)


@pytest.mark.parametrize("typed", [["--lang", "zh"], ["--lang=zh"], ["--lang", "en", "--lang=zh"]])
def test_lang_before_the_command_is_the_commands(
    typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`autograd-mini --lang zh graph x` was refused as "invalid choice: 'zh'" for the
    command: --lang is the command's option, and is taken wherever it is typed."""
    assert main([*typed, "graph", "x*y", "--set", "x=1"]) == 2
    assert (
        capsys.readouterr().err
        == "autograd-mini graph：错误：未知的名字 'y'：请用 --set 给每个名字一个值\n"
    )


def test_english_is_unchanged_after_a_chinese_run(capsys: pytest.CaptureFixture[str]) -> None:
    """The Chinese run leaves argparse, and the thread's language, as they were."""
    assert main(["graph", "x*y", "--set", "x=1", "--lang", "zh"]) == 2
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["graph", "x", "--set", "x=1", "--view"])
    err = capsys.readouterr().err
    assert "usage: autograd-mini graph" in err
    assert "autograd-mini graph: error: argument --view: expected one argument" in err
    assert argparse.ArgumentParser(prog="p").format_usage() == "usage: p [-h]\n"


def test_another_thread_parses_in_english_meanwhile(tmp_path: Path) -> None:
    """argparse's words are per thread: an English parse while a Chinese run is going."""
    heard: list[str] = []
    inside = threading.Event()
    done = threading.Event()

    def english() -> None:
        inside.wait(10)
        heard.append(argparse.ArgumentParser(prog="p").format_usage())
        done.set()

    from autograd_mini import cli_words

    other = threading.Thread(target=english)
    other.start()
    with picture_language("zh"), cli_words.argparse_words("zh"):
        inside.set()
        done.wait(10)
        mine = argparse.ArgumentParser(prog="p").format_usage()
    other.join()
    assert heard == ["usage: p [-h]\n"] and mine == "用法：p [-h]\n"


@pytest.mark.parametrize("argv", [["graph", "--help", "--lang", "zh"], ["--help", "--lang", "zh"]])
def test_the_chinese_help_fits_the_terminal(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse wraps by characters, and a Chinese character takes two columns: the
    help's lines ran to 104 columns of an 80-column terminal, wrapped by it mid-word."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(argv)
    help_text = capsys.readouterr().out
    assert "选项" in help_text
    for line in help_text.splitlines():  # a wide (W) or full-width (F) character: 2 columns
        if line.startswith("autograd-mini graph "):  # the example: one line to copy
            continue
        columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        assert columns <= 80, line
    # nothing lost or added by the wrapping: the words are the table's, in order
    joined = "".join(help_text.split())
    keys = ["collapse_help", "lang_help"] if argv[0] == "graph" else ["description"]
    for key in keys:
        assert "".join(MESSAGES["zh"][key].split()) in joined


@pytest.mark.parametrize("width", [56, 60, 66, 89, 100, 120])
def test_the_chinese_usage_fits_terminals_of_other_widths(
    width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse lays the usage out by characters, and its Chinese placeholders (名字=数,
    文件夹) take two columns a character: `[--steps 文件夹] [--max-frames 帧数]` ran 2
    columns past a 60-column terminal, the first line 6 past a 66-column one. Oracle:
    each usage line counted in terminal columns; a line of one item may not fit."""
    monkeypatch.setenv("COLUMNS", str(width))
    with pytest.raises(SystemExit):
        main(["graph", "--help", "--lang", "zh"])
    text = capsys.readouterr().out
    usage = text[: text.index("\n\n")].splitlines()
    assert usage[0].startswith("用法：autograd-mini graph [-h]") and usage[-1].strip() == "表达式"
    for line in usage:
        items = re.findall(r"\[(?:[^\[\]]|\[[^\]]*\])*\]|\S+", line.split("graph", 1)[-1])
        assert columns(line) <= width or len(items) == 1, (width, line)
    words = "".join(" ".join(usage).split())
    assert "[--set名字=数[名字=数...]][-o文件]" in words and "\u200b" not in text


def test_lang_typed_with_an_input_method_dash_is_refused_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`graph x --set x=1 —lang zh` (a Chinese input method's dash) was refused in
    English: "there is no option '—lang': an option starts with hyphens"."""
    assert main(["graph", "x", "--set", "x=1", "\u2014lang", "zh"]) == 2
    said = capsys.readouterr().err
    assert said.startswith("autograd-mini graph：错误：没有 '\u2014lang' 这个选项"), said
    assert "--lang" in said


def test_a_png_of_chinese_words_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The renderer's refusal of a PNG it has no glyphs for was English under --lang zh
    ("graphviz-pure has no glyph for 2 characters …"); English is as it was."""
    monkeypatch.setenv("PATH", str(tmp_path))  # no system dot: graphviz-pure, no CJK glyphs
    out = tmp_path / "a.png"
    assert main(["graph", "权重*x", "--set", "权重=1", "x=2", "-o", str(out), "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        f"autograd-mini graph：错误：-o {str(out)!r}：graphviz-pure 没有这张图里 2 个字符的字形"
        "（权重）：在 PNG 里每个都会是一个空方框。请改写成 .svg（浏览器用自己的字体画出文字），"
        "或者装上带这些字体的 Graphviz dot（中文：Debian 上的 fonts-noto-cjk）\n"
    )
    assert main(["graph", "权重*x", "--set", "权重=1", "x=2", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"autograd-mini graph: error: -o {str(out)!r}: graphviz-pure has no glyph for 2 "
        "characters of this picture (权重): in a PNG each would be an empty box. Write an .svg "
        "instead (a browser draws the text with its own fonts), or install Graphviz's dot "
        "with fonts for them (for Chinese, fonts-noto-cjk on Debian)\n"
    )
    assert not out.exists()


def test_the_glyph_list_is_made_by_the_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list of characters without a glyph (the first twelve, then …) was built twice,
    by the renderer for its message and by the command line for the Chinese one: the
    refusal carries it (``shown``), and both say the same list."""
    missing = "一二三四五六七八九十百千万亿"
    refusal = NoGlyphs(missing, "png", "-o 'a.png'")
    assert refusal.shown == "一二三四五六七八九十百千…"
    assert str(refusal) == (
        "-o 'a.png': graphviz-pure has no glyph for 14 characters of this picture "
        "(一二三四五六七八九十百千…): in a PNG each would be an empty box. Write an .svg "
        "instead (a browser draws the text with its own fonts), or install Graphviz's dot "
        "with fonts for them (for Chinese, fonts-noto-cjk on Debian)"
    )
    assert NoGlyphs("权", "jpeg", "draw_graph").shown == "权"
    monkeypatch.setenv("PATH", str(tmp_path))  # no system dot: graphviz-pure, no CJK glyphs
    out = tmp_path / "a.png"
    typed = ["graph", f"{missing}*x", "--set", f"{missing}=1", "x=2", "-o", str(out)]
    assert main(typed) == 2
    english = re.search(r"14 characters of this picture \(([^)]*)\)", capsys.readouterr().err)
    assert english is not None
    shown = english.group(1)  # twelve of the fourteen, then …
    assert len(shown) == 13 and shown.endswith("…") and set(shown[:12]) < set(missing)
    assert main([*typed, "--lang", "zh"]) == 2
    assert f"14 个字符的字形（{shown}）" in capsys.readouterr().err


def test_the_other_modules_refusals_are_chinese() -> None:
    """The Chinese phrases of the renderer's and draw's refusals (OTHERS_WORDS) have
    Chinese words, and no English one but code's (quoted, a command's, an address) and
    programs' names."""
    code = r"`[^`]*`|'[^']*'|https://\S+|PATH|Python|Graphviz(?: dot)?|-T\{fmt\}"
    for key, zh in OTHERS_WORDS["zh"].items():
        text = re.sub(
            rf"{code}|\{{\w+\}}|--[\w-]+|\.svg|graphviz-pure|Graphviz dot|Debian|fonts-noto-cjk",
            " ",
            zh,
        )
        assert CJK.search(text), key
        assert not re.findall(r"[A-Za-z]{2,}", text), (key, text)


@pytest.mark.parametrize(
    "typed",
    [
        ["x", "--set", "x=1", "--precision", "0"],
        ["x", "--set", "x=1", "-o", "a.txt"],
        ["x", "--set", "x=1", "-o", "out/"],
        ["x", "--set", "x=1", "--max-frames", "3"],
        ["x", "--set", "x=1", "--no-grad", "--color"],
    ],
)
def test_an_option_refusal_is_not_an_expression_error(
    typed: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o, --precision and --max-frames were refused as ExpressionError, which says the
    expression is wrong: an OptionError (a ValueError) now, with the same words."""
    from autograd_mini import cli_graph
    from autograd_mini.expr import ExpressionError

    raised: list[BaseException | None] = []
    fail = cli_graph._fail
    monkeypatch.setattr(cli_graph, "_fail", lambda m: raised.append(sys.exc_info()[1]) or fail(m))
    assert main(["graph", *typed]) == 2
    assert len(raised) == 1 and isinstance(raised[0], ValueError), raised
    assert not isinstance(raised[0], ExpressionError), raised
    assert type(raised[0]).__name__ == "OptionError"
    assert capsys.readouterr().err.startswith("autograd-mini graph: error: ")


class _PerThread:
    """A stderr that keeps each thread's writes apart (sys.stderr is one for all)."""

    def __init__(self) -> None:
        self.said: dict[int, list[str]] = {}

    def write(self, text: str) -> int:
        self.said.setdefault(threading.get_ident(), []).append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_an_english_and_a_chinese_run_at_once_keep_their_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two runs of main() in two threads at once, many times over: argparse's wrapped
    words (its usage line, "expected one argument"), the command's, the parser's and the
    engine's each in the run's own language, never the other's."""
    stderr = _PerThread()
    monkeypatch.setattr(sys, "stderr", stderr)
    runs = [
        ["graph", "log(x)", "--set", "x=0"],  # the engine's complaint
        ["graph", "x", "--set", "x=1", "--view"],  # argparse's own, and its usage line
        ["graph", "x", "--set", "x=1", "--precision", "abc"],
        ["graph", "（x", "--set", "x=1"],  # the parser's
        ["graph", "x", "--set", "x=1", "--precision", "0"],  # the command's
    ]
    failures: list[str] = []
    start = threading.Barrier(2)

    def run(lang: str) -> None:
        mine = threading.get_ident()
        for _ in range(40):
            for argv in runs:
                start.wait(10)
                with contextlib.suppress(SystemExit):
                    main([argv[0], "--lang", lang, *argv[1:]])
                said = "".join(stderr.said.pop(mine, []))
                chinese = bool(CJK.search(said.replace("（x", "")))
                english = "error:" in said or "usage:" in said
                if (lang == "zh") != chinese or (lang == "en") != english:
                    failures.append(f"{lang}: {said!r}")

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("en", "zh")]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the threads take turns often, inside each run
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[:3]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_usage_continues_under_its_first_argument(
    lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse indents the usage's continuation lines by the prefix's characters: the
    Chinese one is 3 characters in 6 columns, and they began 3 columns left of [-h]. Oracle: the
    column where [-h] is shown on the first line, counted in terminal columns."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["graph", "x", "--precision", "abc", "--lang", lang])
    lines = capsys.readouterr().err.splitlines()
    usage = lines[: next(i for i, line in enumerate(lines) if "error" in line or "错误" in line)]
    assert len(usage) > 2, usage
    first = usage[0][: usage[0].index("[-h]")]
    column = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in first)
    assert column == (26 if lang == "zh" else 27)  # 用法：/usage: + "autograd-mini graph "
    for line in usage[1:]:
        assert len(line) - len(line.lstrip(" ")) == column, line
        assert line.lstrip(" ").startswith(("[", "expression" if lang == "en" else "表达式")), line
    for line in usage:
        assert sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) <= 80


def test_a_moved_command_is_told_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """`autograd-mini demo --lang zh` ended "autograd-mini-demo (or python -m nn)", an
    English "or" in a Chinese sentence."""
    assert main(["demo", "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        "autograd-mini：'demo' 现在是一个单独的命令：autograd-mini-demo（或者 python -m nn）\n"
    )
    assert main(["demo"]) == 2
    assert capsys.readouterr().err == (
        "autograd-mini: 'demo' is now its own command: autograd-mini-demo (or python -m nn)\n"
    )


@pytest.mark.parametrize("typed", ["Fr", "EN-us", "ZH_cn"])
def test_an_unknown_language_is_refused_as_typed(
    typed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang's value was lowered before argparse checked it, so `--lang Fr` was refused
    as "invalid choice: 'fr'", quoting what was not typed."""
    with pytest.raises(SystemExit):
        main(["graph", "x", "--set", "x=1", "--lang", typed])
    said = capsys.readouterr().err.splitlines()[-1]
    assert said == (
        f"autograd-mini graph: error: argument --lang: invalid choice: {typed!r} "
        "(choose from 'en', 'zh')"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege there")
def test_a_link_loop_is_told_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path through a loop of symbolic links: "Too many levels of symbolic links"
    (ELOOP) was the system's English inside a Chinese sentence."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    out = str(tmp_path / "a" / "x.svg")
    assert main(["graph", "x", "--set", "x=1", "-o", out, "--lang", "zh"]) == 2
    assert capsys.readouterr().err == (
        f"autograd-mini graph：错误：-o {out!r}：无法写入这张图（路径中的符号链接太多"
        "（可能绕成了一个圈））\n"
    )


@pytest.mark.parametrize("code", ["EINVAL", "EDQUOT"])
def test_a_refusal_seen_on_other_systems_is_told_in_chinese(
    code: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Windows (or a FAT drive) refuses a name with <>:"|?* in it as EINVAL ("Invalid
    argument"); a full quota is EDQUOT: both were the system's English."""
    import errno
    import os

    number = getattr(errno, code)

    def refuse(path: str, data: object) -> None:
        raise OSError(number, os.strerror(number), path)

    monkeypatch.setattr(cli_graph, "write_whole", refuse)
    out = str(tmp_path / "a.svg")
    assert main(["graph", "x", "--set", "x=1", "-o", out, "--lang", "zh"]) == 2
    said = capsys.readouterr().err
    assert said.startswith(f"autograd-mini graph：错误：-o {out!r}：无法写入这张图（"), said
    assert not re.search(r"[A-Za-z]{3,}", said.split("无法写入这张图", 1)[1]), said
    assert main(["graph", "x", "--set", "x=1", "-o", out]) == 2  # English: the system's own
    assert capsys.readouterr().err == (
        f"autograd-mini graph: error: -o {out!r}: cannot write the picture "
        f"({os.strerror(number)})\n"
    )


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_the_chinese_help_names_what_is_typed_in_chinese_in_one_column(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under --lang zh the help's placeholders were English (OUTPUT, NAME=NUMBER, DIR, N,
    expression); in Chinese, argparse padded them by characters, so their help began
    right of the others' (a Chinese character is two columns). Oracle: the placeholders
    written here, and the column of -h's help, counted in terminal columns."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["graph", "--help", "--lang", "zh"])
    text = capsys.readouterr().out
    for typed in ("--set 名字=数", "-o 文件", "--precision 位数", "--steps 文件夹"):
        assert typed in text, typed
    assert "--max-frames 帧数" in text and "\n  表达式 " in text
    assert not re.search(r"OUTPUT|NAME=NUMBER|PRECISION|\bDIR\b|\bN\b|expression", text)
    lines = text.splitlines()
    help_at = columns(next(ln for ln in lines if ln.startswith("  -h, --help")).split("显示")[0])
    for line in lines:
        if line.startswith("  ") and re.search(r"\s{2,}[^\s\-{]", line.strip()):
            said = re.split(r"\s{2,}", line.strip(), maxsplit=1)[1]
            assert columns(line[: line.index(said)]) == help_at, line
    with pytest.raises(SystemExit):
        main(["--help", "--lang", "zh"])
    assert "用法：autograd-mini [-h] [--version] 命令 ..." in capsys.readouterr().out
    with pytest.raises(SystemExit):  # English as it was
        main(["graph", "--help"])
    text = capsys.readouterr().out
    for typed in ("--set NAME=NUMBER", "-o OUTPUT", "--precision PRECISION", "--steps DIR"):
        assert typed in text, typed
    assert "--max-frames N" in text and "\n  expression " in text


def test_the_renderers_rarer_refusals_are_said_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No renderer, the layout's timeout and a renderer that fails were said in English
    under --lang zh; English is unchanged."""
    import subprocess

    from autograd_mini import render

    args = ["graph", "x", "--set", "x=1", "-o", str(tmp_path / "a.png")]
    failing = tmp_path / "bin"
    failing.mkdir()
    (failing / "dot").write_text('#!/bin/sh\necho "Error: bad" >&2\nexit 3\n')
    (failing / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", str(failing))
    assert main([*args, "--lang", "zh"]) == 2
    said = capsys.readouterr().err
    assert f"-o '{tmp_path / 'a.png'}'：{failing / 'dot'} -Tpng 失败了：Error: bad" in said
    assert main(args) == 2
    assert f"{failing / 'dot'} -Tpng failed: Error: bad" in capsys.readouterr().err

    def slow(*_: object, **__: object) -> None:
        raise subprocess.TimeoutExpired("dot", 60)

    monkeypatch.setattr(render.subprocess, "run", slow)
    assert main([*args, "--lang", "zh"]) == 2
    assert "用了超过 60.0 秒也没能排好这张图的布局；请画一个小一些的图" in capsys.readouterr().err
    assert main(args) == 2
    assert "took longer than 60.0 s to lay the graph out; draw a smaller graph" in (
        capsys.readouterr().err
    )
    (failing / "dot").unlink()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert main([*args, "--lang", "zh"]) == 2
    said = capsys.readouterr().err
    assert "没有找到 Graphviz 的画图程序" in said and "no Graphviz" not in said
    assert main(args) == 2
    assert "no Graphviz renderer found" in capsys.readouterr().err
    assert not (tmp_path / "a.png").exists()


@pytest.mark.parametrize("command", [[], ["graph"]], ids=["top", "graph"])
def test_the_chinese_help_ends_its_chinese_words_with_full_width_punctuation(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse ends each section's heading with ':', and the Chinese help's headings
    read "位置参数:" and "选项:" under the usage line. Oracle: the Chinese convention, a colon,
    comma or semicolon after a Chinese character is full-width; the English help keeps
    its headings as argparse writes them."""
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit):
        main([*command, "--help", "--lang", "zh"])
    text = capsys.readouterr().out
    # (argparse's "-o 文件, --output 文件" lists an option's names, as "-h, --help")
    assert not re.search(r"[\u4e00-\u9fff]([:;]|,(?! -))", text), text
    assert "\n位置参数：\n" in text and "\n选项：\n" in text
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    english = capsys.readouterr().out
    assert "\npositional arguments:\n" in english and "\noptions:\n" in english


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "took longer than 60.0 s to lay the graph out; draw a smaller graph\n"),
        ("zh", "用了超过 60.0 秒也没能排好这张图的布局；请画一个小一些的图\n"),
    ],
)
def test_a_renderer_s_refusal_names_what_was_typed(
    lang: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A frame's layout past 60 s named write_frames (a function not called by the
    user), advised its collapse='inputs' (an argument the command has not) and stayed
    English under --lang zh; the main picture's named "--format svg" where no --format
    was typed. Oracle: the options typed, and the phrases written out here."""
    import subprocess

    from autograd_mini import render

    real = subprocess.run
    calls: list[object] = []

    def slow_after(first: int) -> object:
        def run(*args: object, **kwargs: object) -> object:
            calls.append(args)
            if len(calls) > first:
                raise subprocess.TimeoutExpired("dot", 60)
            return real(*args, **kwargs)  # type: ignore[call-overload]

        return run

    args = ["graph", "x*y", "--set", "x=2", "y=3"]
    frames, out = tmp_path / "fr", tmp_path / "a.svg"
    monkeypatch.setattr(render.subprocess, "run", slow_after(1))  # the picture, not a frame
    assert main([*args, "--steps", str(frames), "-o", str(out), "--lang", lang]) == 2
    err = capsys.readouterr().err
    colon, error = ("：", "错误") if lang == "zh" else (": ", "error")
    assert f"--steps {str(frames)!r}{colon}" in err and err.endswith(said), err
    assert "write_frames" not in err and "collapse" not in err
    assert not frames.exists() and not out.exists()
    for typed, where in (
        ([], "写到标准输出的 SVG" if lang == "zh" else "the SVG for standard output"),
        (["--format", "svg"], "--format svg"),
        (["--format", "dot", "-o", str(tmp_path / "a.png"), "--format", "png"], None),
    ):
        calls.clear()
        monkeypatch.setattr(render.subprocess, "run", slow_after(0))
        assert main([*args, *typed, "--lang", lang]) == 2
        err = capsys.readouterr().err
        where = where or f"-o {str(tmp_path / 'a.png')!r}"
        assert f"{error}{colon}{where}{colon}" in err and err.endswith(said), err


def test_the_chinese_readme_writes_placeholders_as_the_chinese_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """README.zh-CN wrote `--steps DIR` and `--max-frames N` where the Chinese help
    says --steps 文件夹 and --max-frames 帧数. Oracle: the Chinese help's usage lines,
    read here: every `--option PLACEHOLDER` of the graph command's in the Chinese README
    is written as the help writes it."""
    with pytest.raises(SystemExit):
        main(["graph", "--help", "--lang", "zh"])
    helped = dict(re.findall(r"\[(--[a-z-]+) ([^\s\[\]{}.]+)", capsys.readouterr().out))
    assert helped["--steps"] == "文件夹" and len(helped) >= 4, helped
    readme = (Path(__file__).resolve().parents[1] / "README.zh-CN.md").read_text("utf-8")
    written = re.findall(r"`(--[a-z-]+) ([^`\s]+)`", readme)
    # a placeholder is in capitals (DIR, N) or Chinese; a value (--view backward) is neither
    placeholders = [
        (o, v)
        for o, v in written
        if o in helped and (re.fullmatch(r"[A-Z][A-Z_=]*", v) or not v.isascii())
    ]
    wrong = [(o, v) for o, v in placeholders if v != helped[o]]
    assert placeholders and not wrong, wrong


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        # --column: a picture too wide at 11 px text is not fitted to it (without
        # --height it is drawn readable, wider: 577 px at --column 300); the help said
        # "the width the picture fits"
        ("en", ["Compute the expression,", "and of this help and the command's messages",
                "fits at 11 px text or more, or whole with --height"]),
        ("zh", ["计算这个表达式", "也是这段帮助和命令的提示信息的语言",
                "在文字不小于 11 px 的前提下适应这个宽度"]),
    ],
)  # fmt: skip
def test_the_help_says_what_it_shows_and_what_lang_changes(
    lang: str, says: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The English help said "Compute EXPRESSION", a placeholder its usage writes
    "expression"; --lang's help said it changes the words drawn, and not that it
    changes the help and the messages too (as README says it does)."""
    monkeypatch.setenv("COLUMNS", "1000")  # one line a paragraph: phrases not wrapped
    with pytest.raises(SystemExit):
        main(["graph", "--help", "--lang", lang])
    text = capsys.readouterr().out
    assert all(said in text for said in says), text
    assert "EXPRESSION" not in text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # a second --lang whose value is the command: the first one's language
        (["--lang", "zh", "--lang", "graph", "x"], "--lang 后面要先给出一种语言（en、zh）"),
        (["--lang", "zh", "--lang=graph", "x"], "--lang 后面要先给出一种语言（en、zh）"),
        # before the command, followed by an option: it was taken for the language
        (["--lang", "zh", "--lang", "-h"], "--lang 后面要先给出一种语言（en、zh）"),
        (["--lang", "zh", "--lang", "--version", "graph"], "--lang 后面要先给出一种语言（en、zh）"),
        # a --lang after the command followed by an option: argparse takes no value there
        (["graph", "x", "--lang", "zh", "--lang", "--color"], "参数 --lang：需要一个参数"),
        (["graph", "x", "--lang", "zh", "--lang", "--"], "参数 --lang：需要一个参数"),
        (["graph", "x", "--lang=zh", "--lang", "-o", "a.svg"], "参数 --lang：需要一个参数"),
    ],
)
def test_a_lang_without_its_value_keeps_the_one_before(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--lang zh --lang graph x` was refused in English: the language was read as the
    last --lang's next word ('graph', or '--color'), which argparse does not take as its
    value; a --lang left without one leaves the language the one before asked for."""
    err = _refused_in_chinese(typed, capsys)
    assert "：错误：" in err and said in err, err


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["graph", "x", "--lang", "zh", "--lang", "-1"], "en"),  # argparse's value: refused
        (["graph", "x", "--lang", "zh", "--lang", "-"], "en"),
        (["graph", "x", "--lang", "zh", "--lang", "--color"], "zh"),
        (["--lang", "zh", "--lang", "graph", "x"], "zh"),
        (["--lang", "zh", "graph", "x", "--lang", "graph"], "en"),  # after it: a value
    ],
)
def test_the_language_is_the_last_lang_argparse_takes(argv: list[str], language: str) -> None:
    assert argv_language(argv, {"graph"}) == language


@pytest.mark.parametrize(
    ("typed", "choices"),
    [
        (["graph", "x", "--format", "jpg"], ("svg", "png", "dot")),
        (["graph", "x", "--view", "sideways"], ("forward", "backward")),
        (["graph", "x", "--rankdir", "up"], ("auto", "LR", "TB", "RL", "BT")),
    ],
)
def test_argparse_lists_choices_as_chinese_lists_them(
    typed: list[str], choices: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's "invalid choice" listed the choices with ASCII commas inside a Chinese
    sentence ('svg', 'png', 'dot'); English keeps argparse's ", "."""
    for lang, comma, words in (("zh", "、", "（可选：{}）"), ("en", ", ", "(choose from {})")):
        with pytest.raises(SystemExit) as done:
            main([*typed, "--lang", lang])
        assert done.value.code == 2
        listed = words.format(comma.join(repr(c) for c in choices))
        err = capsys.readouterr().err
        assert listed in err, err
