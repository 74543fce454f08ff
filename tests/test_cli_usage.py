"""``autograd-mini graph`` as a student and a teacher type it: mistakes of the command
line itself (options, quoting, names from a textbook) and what the command says."""

from __future__ import annotations

import importlib.metadata
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import autograd_mini
from autograd_mini import Value, draw_graph
from autograd_mini.cli import main

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> str:
    return " ".join((t.text or "") for t in ET.fromstring(svg.encode()).iter(f"{SVG}text"))


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line on stderr (nothing on stdout)."""
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    # (under --lang zh the command says its prefix in Chinese: tests/test_cli_words.py)
    assert lines[0].startswith(
        ("autograd-mini graph: error: ", "autograd-mini graph\uff1a\u9519\u8bef\uff1a")
    ), err
    return lines[0]


def test_an_output_named_as_a_frame_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--steps fr -o fr/step_000.svg` wrote the frames, then the picture over frame 0,
    exit status 0: the first frame was lost without a word."""
    frames = tmp_path / "fr"
    args = ["graph", "x*y", "--set", "x=2", "y=3", "--steps", str(frames)]
    assert main([*args, "-o", str(frames / "step_000.svg")]) == 2
    assert "would replace a frame" in one_error(capsys)
    assert not frames.exists()  # refused before the folder was made
    # the same folder reached another way is the same folder
    assert main([*args, "-o", str(frames / ".." / "fr" / "step_001.svg")]) == 2
    assert "main.svg" in one_error(capsys)
    # another name in the folder is fine, and frame 0 stays frame 0 (no gradient yet)
    assert main([*args, "-o", str(frames / "main.svg")]) == 0
    assert "grad ?" in texts((frames / "step_000.svg").read_text(encoding="utf-8"))
    assert "grad 3.000" in texts((frames / "main.svg").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["--precison", "3"], "there is no option --precison: did you mean --precision?"),
        (["--steps=fr", "--max-frame", "9"], "there is no option --max-frame: did you mean"),
        (["--colour"], "there is no option --colour: did you mean --color?"),
        (["--zzz", "1"], "there is no option --zzz (its options: --collapse, --color, "),
        (["--svg"], "there is no option --svg: did you mean --format svg?"),
        (["--png"], "did you mean --format png?"),
        (["--dot"], "did you mean --format dot?"),
        (["--zh"], "there is no option --zh: did you mean --lang zh?"),
        (["--en"], "did you mean --lang en?"),
        (["--version"], "there is no option --version: did you mean autograd-mini --version?"),
        (["--prec", "3"], "did you mean --precision?"),
        # the beginning of three options: each named (it was --color, a flag, for a
        # column's width)
        (
            ["--col", "600"],
            "there is no option --col: did you mean --collapse, --color or --column?",
        ),
        (["--no", "600"], "did you mean --no-grad or --no-local-grads?"),
        (["--out", "a.svg"], "did you mean --output?"),
        (["--Set", "y=1"], "did you mean --set?"),
        (["-q", "2"], "there is no option -q (its options: "),  # after --set's values
    ],
)
def test_an_unknown_option_is_named_not_its_value(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--precison 3` said "unrecognized arguments: 3 --precison" under the top-level
    usage: the value first, and no word of which option was meant."""
    assert main(["graph", "x*2", "--set", "x=1", *typed]) == 2
    line = one_error(capsys)
    assert said in line, line


def test_an_expression_taken_for_an_option_is_told_the_double_dash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`graph "--x"` is --x to the shell and the command alike: the way to give it is
    `graph -- "--x"`, which the message did not say."""
    assert main(["graph", "--x", "--set", "x=1"]) == 2
    assert "graph -- '--x'" in one_error(capsys)
    assert main(["graph", "--", "--x", "--set", "x=1"]) == 0


def test_an_unquoted_expression_is_told_to_be_quoted(capsys: pytest.CaptureFixture[str]) -> None:
    """`graph x + y --set x=1 y=2` (the shell splits it in three) said "unrecognized
    arguments: + y" under the top-level usage."""
    assert main(["graph", "x", "+", "y", "--set", "x=1", "y=2"]) == 2
    line = one_error(capsys)
    assert "3 arguments ('x', '+', 'y')" in line and 'graph "x + y"' in line, line


def test_no_command_is_an_error_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """`autograd-mini` alone printed the help on stdout and exited 2, saying no error."""
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "error: give a command (graph)" in err


def test_lang_zh_draws_the_words_in_chinese_and_puts_the_language_back(
    tmp_path: Path,
) -> None:
    """A teacher's Chinese slides needed Python (`picture_language("zh")`): the command had
    no --lang. The seed's mark and the step captions are Chinese; numbers are not."""
    frames = tmp_path / "fr"
    out = tmp_path / "zh.svg"
    args = ["graph", "x*y", "--set", "x=2", "y=3", "--view", "backward", "--lang", "zh"]
    assert main([*args, "-o", str(out), "--steps", str(frames)]) == 0
    words = texts(out.read_text(encoding="utf-8"))
    assert "种子" in words and "seed" not in words
    assert "grad 3.000" in words and "grad 2.000" in words  # ∂(xy)/∂x = y, ∂/∂y = x
    caption = texts((frames / "step_001.svg").read_text(encoding="utf-8"))
    assert "第 1 步" in caption and "step" not in caption
    # the caller's thread draws in English again
    x = Value(2.0, label="x")
    (x * x).backward()
    assert "(seed)" in texts(draw_graph(x * x, view="backward").svg())


def test_lang_zh_png_is_refused_before_any_frame_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chinese PNG (graphviz-pure has no glyphs for it) is refused, naming -o; with
    --steps the frames were written first, and left by a run that exited 2."""
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no system dot: graphviz-pure
    out, frames = tmp_path / "zh.png", tmp_path / "fr"
    args = ["graph", "x*y", "--set", "x=2", "y=3", "--view", "backward", "--lang", "zh"]
    assert main([*args, "-o", str(out)]) == 2
    line = one_error(capsys)
    assert f"-o {str(out)!r}" in line and ".svg" in line, line
    assert main([*args, "-o", str(out), "--steps", str(frames)]) == 2
    assert f"-o {str(out)!r}" in one_error(capsys)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("expression", "sets", "said"),
    [
        ("2*x₁", ["x1=3"], "a subscript cannot be part of a name: write x1 for x₁"),
        ("w₁₂ + 1", ["w12=3"], "write w12 for w₁₂"),
        ("x² + w₁", ["x=1", "w1=1"], "a power is written **: x**2 for x²"),
        ("x₁", ["x₁=3"], "--set 'x₁=3': 'x₁' is not a name Python reads (a subscript cannot"),
        ("3.5²", ["x=1"], "a power is written **: 3.5**2 for 3.5²)"),  # (was 5**2 for 5²)
        ("x²³", ["x=2"], "a power is written **: x**23 for x²³)"),
        ("x¹² + 1", ["x=2"], "a power is written **: x**12 for x¹²)"),
        ("x₁²", ["x1=2"], "a power is written **: x1**2 for x₁²)"),
        ("(x + 1)²", ["x=2"], "a power is written **: (x + 1)**2 for (x + 1)²)"),
        ("3*tanh(x)²", ["x=2"], "a power is written **: tanh(x)**2 for tanh(x)²)"),
        ("x⁻¹", ["x=2"], "a power is written **: x**-1 for x⁻¹)"),
        ("²", ["x=1"], "(a power is written **)"),
        ("x", ["x²=3"], "'x²' is not a name: a raised ² is a power (x**2 in the expression)"),
        ("x1", ["x₁⁻¹=3"], "a raised ⁻¹ is a power (x1**-1 in the expression); --set gives"),
    ],
)
def test_textbook_subscripts_and_powers_are_told_how_to_type(
    expression: str, sets: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph "2*x₁" --set x1=3` said only "invalid character '₁' (U+2081)", and
    `--set x₁=3` "--set expects NAME=NUMBER, got 'x₁=3'", which it looks like."""
    assert main(["graph", expression, "--set", *sets]) == 2
    line = one_error(capsys)
    assert said in line, line


def test_the_help_lists_the_functions_and_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    """Which functions an expression may call was said only by an error naming one."""
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for name in ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "sin", "cos", "abs"):
        assert f" {name}," in text or f" {name} " in text or text.endswith(name), name
    assert "--lang {en,zh}" in text
    # a Chinese PNG is refused by graphviz-pure only (it said "SVG or DOT, not PNG")
    assert "not PNG" not in text and "Chinese words in a PNG need Graphviz's dot" in text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["-o", "{a}", "-o", "{b}"], "-o '{a}' and -o '{b}': one run takes one -o"),
        (["-o", "{a}", "--output={b}"], "-o '{a}' and --output '{b}'"),
        (["--steps", "{a}", "--steps", "{b}"], "--steps '{a}' and --steps '{b}'"),
        (["-o={a}", "--steps", "{b}", "-o{b}"], "-o '{a}' and -o '{b}'"),
    ],
)
def test_an_option_given_two_values_is_refused(
    typed: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o a.svg -o b.svg` wrote b.svg only and `--steps s1 --steps s2` the frames into s2
    only, exit status 0: the first was dropped without a word."""
    a, b = str(tmp_path / "a.svg"), str(tmp_path / "b.svg")
    filled = [t.format(a=a, b=b) for t in typed]
    assert main(["graph", "x*2", "--set", "x=1", *filled]) == 2
    line = one_error(capsys)
    assert said.format(a=a, b=b) in line, line
    assert list(tmp_path.iterdir()) == []
    # the same value twice says the same thing twice: drawn
    assert main(["graph", "x*2", "--set", "x=1", "-o", a, "--output", a]) == 0


@pytest.mark.parametrize(
    "typed",
    [
        ["-o", "{a}", "--output={a}"],
        ["--output={a}", "-o", "{a}"],
        ["--steps", "{s}", "--steps={s}", "-o", "{a}"],
        ["-o={a}", "-o{a}"],
    ],
)
def test_one_value_written_two_ways_is_one_value(
    typed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o a.svg --output=a.svg` was refused as "-o 'a.svg' and --output ['a.svg']": the
    value of one spelling was a list, of the other a string."""
    a, s = str(tmp_path / "a.svg"), str(tmp_path / "s")
    filled = [t.format(a=a, s=s) for t in typed]
    assert main(["graph", "x*2", "--set", "x=1", *filled]) == 0, capsys.readouterr().err
    assert "grad 2.000" in texts(Path(a).read_text(encoding="utf-8"))  # d(2x)/dx


def test_a_display_option_given_twice_takes_the_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--precision 2 --precision 6` was refused (exit 2): for options that only change
    how the picture looks the last wins, as argparse's rule is (an alias adds one)."""
    out = tmp_path / "a.svg"
    typed = ["--precision", "2", "--rankdir", "LR", "--precision", "6", "--rankdir", "TB"]
    assert main(["graph", "x/3", "--set", "x=1", "-o", str(out), *typed]) == 0
    assert "0.333333" in texts(out.read_text(encoding="utf-8"))  # 1/3 to six digits
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "typed",
    [
        ["x", "+", "y", "-h"],
        ["x", "--prec", "3", "-h"],
        ["x", "-o", "{a}", "-o", "{b}", "--help"],
        ["x*y", "x=2", "--help"],
    ],
)
def test_help_wins_over_the_refusals(
    typed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph x + y -h` said the expression came in 3 arguments, exit 2: asking for the
    help is what to do when a line is wrong, and argparse gives it first."""
    filled = [t.format(a=tmp_path / "a.svg", b=tmp_path / "b.svg") for t in typed]
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", *filled])
    assert exit_info.value.code == 0
    out, err = capsys.readouterr()
    assert out.startswith("usage: autograd-mini graph") and "--set NAME=NUMBER" in out
    assert err == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "said", "not_said"),
    [
        (["x*y", "x=2", "y=3"], "give values with --set: --set x=2 y=3", "quotes"),
        (["x*y", "-p", "3", "--set", "x=2", "y=3"], "there is no option -p", "--set x=2"),
        (["x", "*", "y", "x=2", "y=3"], 'quotes, as in graph "x * y"', "x * y x=2"),
    ],
)
def test_a_split_expression_tells_values_and_options_apart(
    typed: list[str], said: str, not_said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph "x*y" x=2 y=3` (--set forgotten) was told to quote "x*y x=2 y=3", which
    is no expression either."""
    assert main(["graph", *typed]) == 2
    line = one_error(capsys)
    assert said in line and not_said not in line, line


@pytest.mark.parametrize(
    "typed",
    [["-o={a}", "--set", "x=1"], ["-o{a}", "--set", "x=1"], ["--set", "x=1", "-o{a}"]],
)
def test_a_glued_output_is_an_output(typed: list[str], tmp_path: Path) -> None:
    """argparse reads -o=f.svg and -of.svg as -o f.svg; the command took them for a
    piece of the expression (before --set) or a value of --set (after it)."""
    a = tmp_path / "a.svg"
    assert main(["graph", "x*2", *[t.format(a=a) for t in typed]]) == 0
    assert "grad 2.000" in texts(a.read_text(encoding="utf-8"))


def test_after_the_expression_any_glued_output_is_an_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """-oout after the expression is argparse's -o out: it was "there is no option
    -oout", where the name's missing format is what is wrong; -oout with --format svg
    writes out."""
    monkeypatch.chdir(tmp_path)
    assert main(["graph", "x*2", "--set", "x=1", "-oout"]) == 2
    assert "cannot tell the format of 'out'" in one_error(capsys)
    assert main(["graph", "x*2", "--set", "x=1", "-oout", "--format", "svg"]) == 0
    assert "grad 2.000" in texts((tmp_path / "out").read_text(encoding="utf-8"))


def test_a_function_name_without_brackets_is_told_to_call_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`graph "x*exp" --set x=1` said "unknown name(s) 'exp': give each a value with
    --set", and `--set exp=2` is refused: exp is a function."""
    assert main(["graph", "x*exp", "--set", "x=1"]) == 2
    line = one_error(capsys)
    assert "exp is a function, written with an argument in brackets (exp(x))" in line, line
    assert "--set" not in line


@pytest.mark.parametrize(
    ("expression", "sets", "said"),
    [
        ("1,5*x", ["x=1"], "a comma at column 2 is not allowed: a decimal point is written ."),
        ("  (x, 2)", ["x=1"], "a comma at column 5 is not allowed"),
        ("x", ["x=1,5"], "'1,5' is not a number (a decimal point is written ., as in 1.5)"),
        (
            "x",
            ["x=1,000"],
            "'1,000' is not a number (a number is written without grouping commas: 1000)",
        ),
    ],
)
def test_a_decimal_comma_is_told_the_decimal_point(
    expression: str, sets: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`1,5*x` was "a Tuple expression at column 1 is not allowed": Python's word, at
    the start of the expression, not at the comma."""
    assert main(["graph", expression, "--set", *sets]) == 2
    line = one_error(capsys)
    assert said in line, line


def test_a_value_too_large_for_a_float_is_said_so(capsys: pytest.CaptureFixture[str]) -> None:
    """`--set x=1e309` said "'1e309' is not a finite number": it is one, but not a float
    (largest 1.798e308, IEEE 754 double)."""
    assert main(["graph", "x", "--set", "x=-1e309"]) == 2
    assert "'-1e309' is too large for a float (largest: 1.798e+308)" in one_error(capsys)
    assert main(["graph", "x", "--set", "x=inf"]) == 2
    assert "'inf' is not a finite number" in one_error(capsys)


@pytest.mark.parametrize("text", ["1e-400", "-2.5e-330", "0.0000001e-320"])
def test_a_value_too_small_for_a_float_is_said_so(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--set x=1e-400` was drawn as x = 0 (exit status 0): a nonzero number that a
    float cannot hold, as 1e309 is refused as too large."""
    assert main(["graph", "x", "--set", f"x={text}"]) == 2
    assert f"{text!r} is too small for a float" in one_error(capsys)


def test_a_zero_or_a_subnormal_value_is_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("0e-400", "-0.0", "1e-320"):
        assert main(["graph", "x", "--set", f"x={text}", "--format", "dot"]) == 0
        assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "typed",
    [
        ["-o", "a.svg", "-o", "./a.svg"],
        ["-o", "a.svg", "--output", "sub/../a.svg"],
        ["--steps", "s", "--steps", "s/", "-o", "a.svg"],
        ["--steps=./s", "--steps", "s//", "-o", "a.svg"],
    ],
)
def test_one_place_spelt_two_ways_is_one_value(
    typed: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--steps s --steps s/` and `-o a.svg -o ./a.svg` were refused as "one run takes
    one --steps": two spellings of one folder (one file) counted as two values."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    assert main(["graph", "x*2", "--set", "x=1", *typed]) == 0, capsys.readouterr().err
    assert "grad 2.000" in texts((tmp_path / "a.svg").read_text(encoding="utf-8"))  # d(2x)/dx
    if any(t.startswith("--steps") for t in typed):
        assert sorted(p.name for p in (tmp_path / "s").iterdir())[0] == "step_000.svg"


def test_two_places_one_spelling_apart_are_two_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o link/../a.svg -o a.svg`, link a folder's link elsewhere, names two files: it
    was taken for one (./a.svg), which alone was written, exit status 0; and --steps s
    --steps t, t a link to s, is one folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real" / "sub")
    assert main(["graph", "x", "--set", "x=1", "-o", "link/../a.svg", "-o", "a.svg"]) == 2
    assert "one run takes one -o" in one_error(capsys)
    assert not (tmp_path / "a.svg").exists() and not (tmp_path / "real" / "a.svg").exists()
    (tmp_path / "s").mkdir()
    (tmp_path / "t").symlink_to(tmp_path / "s")
    assert (
        main(["graph", "x*2", "--set", "x=1", "--steps", "s", "--steps", "t", "-o", "a.svg"]) == 0
    )
    assert sorted(p.name for p in (tmp_path / "s").iterdir())[0] == "step_000.svg"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            ["x\u00b7y", "--set", "x=2", "y=3"],
            "'x\u00b7y' is one name to Python: a product is written x*y",
        ),
        (["e**x", "--set", "x=1"], "e to a power is exp(…), as exp(x) for e**x"),
    ],
)
def test_a_textbook_product_or_power_of_e_is_told_how_to_type_it(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """x·y (· may be part of a Python name) and e**x were told "unknown name(s) 'x·y'"
    ('e'): give each a value with --set", which --set x·y=… could not do for x·y."""
    assert main(["graph", *typed]) == 2
    assert said in one_error(capsys)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # an input method's dashes before an option: the rest was taken for the expression
        (
            ["x*y", "\u2014set", "x=1", "y=2"],
            "there is no option '\u2014set': an option starts with hyphens (-), as --set does",
        ),
        (["x*y", "\u2014\u2014set", "x=1", "y=2"], "as --set does"),
        (["x*y", "--set", "x=1", "y=2", "\u2013o", "a.svg"], "as -o does"),
        # a full-width equals sign ("--set expects NAME=NUMBER, got x=1 in full width")
        (["x*y", "--set", "x\uff1d1", "y=2"], "--set 'x\uff1d1': type x=1:"),
        # values run on with a comma, full-width or not (it was told "is not a number")
        (["x*y", "--set", "x=1\uff0cy=2"], "(values are given apart, with spaces: --set x=1 y=2)"),
        (["x*y", "--set", "x=1,y=2"], "(values are given apart, with spaces: --set x=1 y=2)"),
        # a minus sign, or a dash, for a hyphen in a value (it was "'−1' is not a number")
        (["x*y", "--set", "x=\u22121", "y=2"], "--set 'x=\u22121': type x=-1: an option's value"),
        (["x*y", "--set", "x=\uff0d2.5", "y=2"], "--set 'x=\uff0d2.5': type x=-2.5:"),
        (["x*y", "--set", "x=1e\u22123", "y=2"], "--set 'x=1e\u22123': type x=1e-3:"),
    ],
)
def test_a_chinese_input_methods_signs_on_the_command_line_are_told(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph "x*y" —set x=1 y=2` (an input method's dash) was told that x=1 and y=2
    came without --set and that the expression came as two arguments, 'x*y' and '—set'."""
    assert main(["graph", *typed]) == 2
    assert said in one_error(capsys)


@pytest.mark.parametrize(
    "spaced", [["y", "=", "2"], ["y=", "2"], ["y", "=2"]], ids=["y = 2", "y= 2", "y =2"]
)
def test_spaces_around_an_equals_sign_are_told(
    spaced: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--set x=1 y = 2` was told "--set expects NAME=NUMBER, got 'y'", `y= 2` that ''
    is not a number: the shell had split y=2 at the spaces typed around =."""
    assert main(["graph", "x*y", "--set", "x=1", *spaced]) == 2
    line = one_error(capsys)
    assert f"--set {' '.join(spaced)}: the shell splits at spaces" in line, line
    assert line.endswith("spaces around =: --set y=2"), line


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # --precision was taken for the view, and 3 for a second piece of the expression
        (["--view", "--precision", "3"], "argument --view: expected one argument"),
        # -o's second value left out was "-o 'a.svg' and -o '': one run takes one -o"
        (["-o", "a.svg", "-o", "--steps", "s"], "argument -o/--output: expected one argument"),
    ],
)
def test_an_option_without_its_value_is_told_so(
    typed: list[str],
    said: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An option followed by another of ours has no value: argparse's refusal, not the
    next option taken for its value; nothing written (a.svg and s are in the folder the
    command runs in)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(["graph", "x", "--set", "x=1", *typed])
    assert done.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines()[-1].endswith(said), err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("fmt", "name", "said"),
    [
        ("png", "a.svg", "-o '{path}' ends in .svg, a name for SVG, and --format png would write"),
        ("svg", "a.PNG", "ends in .PNG, a name for PNG, and --format svg would write SVG"),
        ("png", "a.gv", "ends in .gv, a name for DOT, and --format png would write PNG"),
        # quoted as typed (it said "--format svg"): a choice option reads any case
        ("Svg", "a.png", "and --format Svg would write SVG into it: give the file a .svg name"),
        ("PNG", "a.dot", "and --format PNG would write PNG into it: give the file a .png name"),
        # a picture format not written here: refused too (it wrote a PNG named .jpg), and
        # with no "or leave --format out" (-o a.jpg alone is an unknown format)
        ("png", "a.jpg", "a name for JPG, and --format png would write PNG into it: give the "
         "file a .png name\n"),
        ("svg", "a.JPEG", "a name for JPEG, and --format svg would write SVG into it: give the "
         "file a .svg name\n"),
        ("png", "a.gif", "a name for GIF, and --format png would write PNG"),
        ("png", "a.pdf", "a name for PDF, and --format png would write PNG"),
        ("svg", "a.webp", "a name for WEBP, and --format svg would write SVG"),
    ],
)  # fmt: skip
def test_an_output_suffix_for_another_format_is_refused(
    fmt: str, name: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format png -o a.svg` wrote a PNG named .svg (a browser shows a broken picture),
    exit status 0: the suffix now has to agree with --format, which chooses the format
    of a name without one of the picture suffixes (and of standard output)."""
    out = tmp_path / name
    assert main(["graph", "x*y", "--set", "x=1", "y=2", "--format", fmt, "-o", str(out)]) == 2
    assert said.format(path=out) in one_error(capsys) + "\n"
    assert not out.exists()
    assert (
        main(
            ["graph", "x*y", "--set", "x=1", "y=2", "--format", fmt, "-o", str(out), "--lang", "zh"]
        )
        == 2
    )
    assert f"--format {fmt} 会往里写 {fmt.upper()}" in one_error(capsys)
    # a suffix that agrees, and a name without a picture suffix, are written
    for other in (out.with_suffix("." + fmt.upper()), tmp_path / "picture.bin", tmp_path / "a.out"):
        assert main(["graph", "x*y", "--set", "x=1", "y=2", "--format", fmt, "-o", str(other)]) == 0
        data = other.read_bytes()
        assert data.startswith(b"\x89PNG") if fmt.lower() == "png" else b"<svg" in data


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            ["x", "--set", "x=1", "--", "-o"],
            "'-o' came after --, which makes the word after it the expression, whatever it "
            "looks like, and 'x' came as the expression too: one run draws one expression; "
            "as the option, -o goes without -- before it",
        ),
        (["x", "--set", "x=1", "--", "y"], "one run draws one expression"),
        # the same word twice: the one before -- is said (it was left out)
        (["x", "--set", "x=1", "--", "x"], "and 'x' came as the expression too"),
    ],
)
def test_a_second_expression_after_the_double_dash_is_said_as_one(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph x --set x=1 -- -o` said "there is no option -o" (and `-- y` that the shell
    had split the expression at a space): after --, -o is no option but a second
    expression."""
    assert main(["graph", *typed]) == 2
    line = one_error(capsys)
    assert said in line and "no option" not in line and "shell" not in line, line
    assert main(["graph", *typed, "--lang", "zh"]) == 2
    assert "一次运行只画一个表达式" in one_error(capsys)


@pytest.mark.parametrize("word", ["lambda", "None", "if"])
def test_a_keyword_given_a_value_is_told_it_cannot_be_a_name(
    word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph x --set x=1 lambda=2` said lambda is not in the expression, "was a name
    misspelt?": no expression can hold it (Python's keyword list is the oracle)."""
    import keyword

    assert keyword.iskeyword(word)
    assert main(["graph", "x", "--set", "x=1", f"{word}=2"]) == 2
    line = one_error(capsys)
    assert line.endswith(
        f"--set '{word}=2': '{word}' is a Python keyword, which an expression cannot use "
        f"as a name: call it {word}_, say, in the expression and in --set"
    ), line
    assert main(["graph", f"x+{word}_", "--set", "x=1", f"{word}_=2", "-o", "-"]) == 0
    assert "grad 1.000" in texts(capsys.readouterr().out)
    assert main(["graph", "x", "--set", "x=1", f"{word}=2", "--lang", "zh"]) == 2
    assert f"'{word}' 是 Python 的关键字" in one_error(capsys)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            ["x\u3000+ y", "--set", "x=1", "y=2"],
            "syntax error at column 2: invalid non-printable character U+3000 (U+3000 is a "
            "full-width space, an input method's: type spaces with an English keyboard)",
        ),
        (
            ["x*y*z", "--set", "x=1\u3000y=2\u3000 z=3"],
            "(values are given apart with spaces an English keyboard types: U+3000 is an "
            "input method's full-width one: --set x=1 y=2 z=3)",
        ),
    ],
)
def test_an_input_methods_full_width_space_is_told(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full-width space (U+3000), which a Chinese input method types in full-width
    mode, said "invalid non-printable character U+3000" in the expression, and "is not a
    number" between two values of --set, and no more."""
    assert main(["graph", *typed]) == 2
    line = one_error(capsys)
    assert line.endswith(said), line
    assert main(["graph", *typed, "--lang", "zh"]) == 2
    assert "U+3000 是输入法打出的全角空格" in one_error(capsys)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            ["--precision", "\u22123"],
            "argument --precision: expected a whole number, got '\u22123': type -3, with an "
            "English keyboard's signs",
        ),
        (["--steps", "s", "--max-frames", "\uff0d5"], "got '\uff0d5': type -5, with an English"),
    ],
)
def test_a_count_typed_with_a_minus_sign_is_told_what_to_type(
    typed: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--precision −3 (a minus sign, U+2212) said "expected a whole number" and no more,
    as --set's values were told what to type."""
    with pytest.raises(SystemExit) as done:
        main(["graph", "x", "--set", "x=1", *typed])
    assert done.value.code == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.endswith(said) if typed[0] == "--precision" else said in line, line
    with pytest.raises(SystemExit):
        main(["graph", "x", "--set", "x=1", *typed, "--lang", "zh"])
    assert "用英文键盘的符号" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["--set", "x=2\u00b2"], "'2\u00b2' is not a number"),  # 2², not 22
        (["--set", "x=1e\u207b\u00b3"], "'1e\u207b\u00b3' is not a number"),  # not 1e-3
        (["--set", "x=1", "--precision", "1\u2083"], "got '1\u2083'"),  # not 13
    ],
)
def test_raised_and_lowered_digits_are_not_told_as_plain_ones(
    typed: list[str], meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--set x=2²` was told "type x=22" (NFKC reads ² as 2), a number the student did
    not mean; a raised or lowered digit is not a key of an English keyboard's."""
    try:
        status = main(["graph", "x", *typed])
    except SystemExit as exc:  # argparse's refusal of --precision
        status = exc.code
    assert status == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert meant in line, line
    assert "English keyboard" not in line, line
    for wrong in ("22", "1e-3", "13"):
        assert f"type x={wrong}" not in line and f"type {wrong}" not in line, line


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["--rankdir", "lr"], ["--rankdir", "LR"]),
        (["--rankdir", "Auto"], ["--rankdir", "auto"]),
        (["--format", "DOT"], ["--format", "dot"]),
        (["--view", "Backward"], ["--view", "backward"]),
        (["--collapse", "EXPR"], ["--collapse", "expr"]),
        (["--lang", "ZH"], ["--lang", "zh"]),
    ],
)
def test_every_choice_is_read_in_any_case(
    typed: list[str], meant: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--rankdir lr` was refused ("invalid choice: 'lr'") where `--lang ZH` was read as
    zh: every option with choices reads them in any case now. Oracle: the same run with
    the value spelled as the choices list it, output for output."""
    base = ["graph", "x*y + y", "--set", "x=2", "y=3"]
    if "--format" not in typed:
        base += ["--format", "dot"]
    assert main([*base, *meant]) == 0
    expected = capsys.readouterr()
    assert main([*base, *typed]) == 0
    assert capsys.readouterr() == expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["--view", "BACKWARD", "--no-grad"], "which are what --view BACKWARD draws"),
        (["--collapse", "Expr", "--steps", "frames"], "--collapse Expr folds each value"),
    ],
)
def test_a_refusal_quotes_a_choice_as_typed(
    typed: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refusal that names a choice option quotes it as typed, as --format's does: it
    said "--view backward" for --view BACKWARD, "--collapse expr" for --collapse Expr."""
    assert main(["graph", "x", "--set", "x=1", *typed]) == 2
    assert said in one_error(capsys)


def test_an_unknown_choice_is_quoted_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    """A value no choice spells, in any case, is refused as typed."""
    with pytest.raises(SystemExit) as stopped:
        main(["graph", "x", "--set", "x=1", "--rankdir", "Lx"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err.splitlines()[-1]
    assert said.startswith("autograd-mini graph: error: argument --rankdir: invalid choice: 'Lx'")


@pytest.mark.parametrize(
    "typed",
    [
        ["--lang", "graph", "x"],
        ["--lang=graph", "x"],
        ["--lang"],
        ["--lang", "graph"],
        ["--lang", "--help"],
        ["--lang", "-h", "graph", "x"],
        ["--lang", "--version"],
    ],
)
def test_lang_before_the_command_without_a_language_is_told_so(
    typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`autograd-mini --lang graph x` took graph for the language and said "invalid
    choice: 'x'" for the command; `--lang` alone said "unrecognized arguments: --lang";
    `--lang --help` took --help for the language (argparse takes no value there) and
    said "give a command"."""
    assert main(typed) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (
        "autograd-mini: error: --lang needs a language (en, zh) before the command, as in: "
        "autograd-mini --lang zh graph …\n"
    )


@pytest.mark.parametrize(
    ("lang", "help_says"),
    [
        ([], "--version   show the version number and exit"),
        (["--lang", "zh"], "--version   显示版本号并退出"),
    ],
)
def test_version_is_said_and_is_the_packages_one(
    lang: list[str], help_says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """There was no --version ("unrecognized arguments: --version"). It prints the
    version __init__.py says, the one place that says it: pyproject.toml reads it
    (dynamic), and the installed metadata agrees."""
    root = Path(autograd_mini.__file__).parent
    found = re.search(r'^__version__ = "([^"]+)"$', (root / "__init__.py").read_text(), re.M)
    assert found is not None
    version = found.group(1)
    with pytest.raises(SystemExit) as done:
        main([*lang, "--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"autograd-mini {version}\n"
    with pytest.raises(SystemExit) as done:
        main([*lang, "--help"])
    assert done.value.code == 0
    assert help_says in capsys.readouterr().out
    project = (root.parent / "pyproject.toml").read_text().split("[project]\n", 1)[1]
    project = project.split("\n[", 1)[0]
    assert re.search(r"^version\s*=", project, re.M) is None, "a second place says the version"
    assert re.search(r'^dynamic = \["version"\]', project, re.M)
    assert importlib.metadata.version("autograd-mini") == version


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_helps_example_is_one_line_to_copy(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The help's example was broken at the terminal's edge ("… w1=-3" / "w2=1 b=… -o
    neuron.svg"): pasted into a shell, it ran as two commands, the first refused (no
    value for w2 and b). It is one line, the README's command."""
    readme = (Path(autograd_mini.__file__).parents[1] / "README.md").read_text("utf-8")
    found = re.search(r"^autograd-mini graph \"tanh.*$", readme, re.M)
    assert found is not None
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["graph", "--help", "--lang", lang])
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert found.group() in lines


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ([], "there is no option --version: did you mean autograd-mini --version?"),
        (
            ["--lang", "zh"],
            "没有 --version 这个选项\uff1a你是不是想写 autograd-mini --version\uff1f",
        ),
    ],
)
def test_version_after_the_command_is_sent_to_the_top_level(
    lang: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph x --version` was told the graph command's options, none of them it."""
    assert main(["graph", "x", "--version", *lang]) == 2
    assert one_error(capsys).endswith(said)


@pytest.mark.parametrize(
    ("typed", "lang", "said"),
    [
        ("--version=1", [], "there is no option --version: did you mean autograd-mini "
         "--version (it takes no value: leave out '=1')?"),
        ("--version=", [], "(it takes no value: leave out '=')?"),
        ("--version=1", ["--lang", "zh"], "没有 --version 这个选项\uff1a你是不是想写 "
         "autograd-mini --version\uff08它不带值\uff1a去掉 '=1'\uff09\uff1f"),
    ],
)  # fmt: skip
def test_version_given_a_value_after_the_command_is_told_it_takes_none(
    typed: str, lang: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph x --version=1` was hinted to `autograd-mini --version` alone, which refuses
    the 1 too (argparse: "ignored explicit argument '1'"): the hint says it takes no
    value."""
    assert main(["graph", "x", typed, *lang]) == 2
    assert one_error(capsys).endswith(said)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ([], 'there is no option -set: did you mean --set, or graph "x + y -set" (the '
         "whole expression in quotes, if '-set' is part of it)?"),
        (["--lang", "zh"], '没有 -set 这个选项\uff1a你是不是想写 --set\uff0c或者 graph '
         "\"x + y -set\"\uff08如果 '-set' 是表达式的一部分\uff0c就把整个表达式放在引号里"
         "\uff09\uff1f"),
    ],
)  # fmt: skip
def test_a_piece_like_an_option_is_asked_in_one_question(
    lang: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`graph x + y -set x=1` read "did you mean --set?; if '-set' is part of the
    expression, …": a question, then a semicolon and a second sentence. The two
    readings are one question now."""
    assert main(["graph", "x", "+", "y", "-set", "x=1", *lang]) == 2
    err = one_error(capsys)
    assert err.endswith(said), err
    assert err.count("?") + err.count("\uff1f") == 1, err


def test_too_few_frames_is_said_in_the_helps_words(capsys: pytest.CaptureFixture[str]) -> None:
    """`--max-frames 0` was told "must be an int ≥ 1", a word of Python's the help
    (N, a count of frames) does not use."""
    assert main(["graph", "x", "--set", "x=1", "--steps", "fr", "--max-frames", "0"]) == 2
    assert one_error(capsys).endswith("--max-frames must be a whole number ≥ 1, got 0")


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_reinstalls_when_the_version_changes(tmp_path: Path) -> None:
    """The version moved from pyproject.toml to __init__.py, but the Makefile reinstalled
    (pip install -e, which writes the version into the installed metadata) only when
    pyproject.toml changed: after a version bump `make test` kept the old metadata, and
    test_version_is_said_and_is_the_packages_one failed until a reinstall by hand."""
    root = Path(autograd_mini.__file__).parents[1]
    (tmp_path / "autograd_mini").mkdir()
    for name in ("Makefile", "pyproject.toml", "autograd_mini/__init__.py"):
        shutil.copyfile(root / name, tmp_path / name)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/calls"\n')
    python.chmod(0o755)

    def installs() -> int:
        subprocess.run(["make", "-s", "pytest"], cwd=tmp_path, check=True, capture_output=True)
        calls = (python.parent / "calls").read_text().splitlines()
        return sum(call.startswith("-m pip install") for call in calls)

    assert installs() == 1
    assert installs() == 1  # nothing changed: not again
    init = tmp_path / "autograd_mini" / "__init__.py"
    init.write_text(init.read_text().replace("__version__ = ", '__version__ = "9.9.9"  # ', 1))
    assert installs() == 2


NEURON = ["tanh(x1*w1 + x2*w2 + b)", "--set", "x1=2", "x2=0", "w1=-3", "w2=1", "b=6.88"]


def test_height_fits_a_slide_from_the_shell(tmp_path: Path) -> None:
    """A slide's picture (the library's height=) had no way from the shell: the neuron
    was drawn 607 px high, past a 200 px box. --height PX fits the picture, and each
    frame of --steps, whole into 1,000 × PX px, touching the box on one side. Oracle:
    the sizes the SVGs say, against the box."""
    from autograd_mini.render import px_size

    plain, fitted, frames = tmp_path / "plain.svg", tmp_path / "fitted.svg", tmp_path / "f"
    assert main(["graph", *NEURON, "-o", str(plain)]) == 0
    assert px_size(plain.read_text("utf-8"))[1] > 200  # it needs fitting
    assert (
        main(["graph", *NEURON, "-o", str(fitted), "--height", "200", "--steps", str(frames)]) == 0
    )
    _fit_whole([fitted, *sorted(frames.glob("*.svg"))], 1000, 200)


def _fit_whole(drawn: list[Path], column: float, height: float) -> None:
    """Each of the pictures ``drawn`` (more than two: a picture and its frames) fits the
    box ``column`` × ``height`` px whole, touching it on one side."""
    from autograd_mini.render import px_size

    assert len(drawn) > 2
    for svg in drawn:
        w, h = px_size(svg.read_text("utf-8"))
        assert w <= column + 0.5 and h <= height + 0.5, (svg.name, w, h)
        assert max(w / column, h / height) > 0.99, (svg.name, w, h)


def test_column_and_height_fit_a_1280_by_720_slide_from_the_shell(tmp_path: Path) -> None:
    """--height PX fitted a box 1,000 px wide only: a 1280×720 slide's box, 1240 × 600
    (the README's column=1240, height=600), had no way from the shell (`--column` was
    "unrecognized"). The picture, and each frame of --steps, fits whole into COLUMN ×
    HEIGHT px, touching the box on one side; --column alone fits a narrower column (at
    11 px text or more: the neuron fits 600 px, drawn 839 px wide by default).
    Oracle: the sizes the SVGs say, against the box asked for."""
    from autograd_mini.render import px_size

    wide, frames, narrow = tmp_path / "wide.svg", tmp_path / "f", tmp_path / "narrow.svg"
    fit = ["--column", "1240", "--height", "200", "--steps", str(frames)]
    assert main(["graph", *NEURON, "-o", str(wide), *fit]) == 0
    _fit_whole([wide, *sorted(frames.glob("*.svg"))], 1240, 200)
    assert px_size(wide.read_text("utf-8"))[0] > 1000.5  # wider than the default box
    plain = tmp_path / "plain.svg"
    assert main(["graph", *NEURON, "-o", str(plain)]) == 0
    assert px_size(plain.read_text("utf-8"))[0] > 600.5  # it needs fitting
    assert main(["graph", *NEURON, "-o", str(narrow), "--column=600"]) == 0
    assert px_size(narrow.read_text("utf-8"))[0] <= 600.5


@pytest.mark.parametrize(
    ("fit", "column", "height"),
    [(["--height", "200"], 1000, 200), (["--column", "1240", "--height", "200"], 1240, 200),
     (["--column", "600"], 600, None)],
)  # fmt: skip
def test_a_png_fits_the_box_its_svg_fits(
    tmp_path: Path, fit: list[str], column: float, height: float | None
) -> None:
    """A PNG was drawn at Graphviz's own size whatever the box: `--height 200 -o
    slide.png` wrote 1547 × 185 px for a 1,000 × 200 box, `--column 600` 839 px wide.
    Oracle: the box asked for (the PNG's IHDR width and height), which it fits, touching
    it on one side (the neuron fits 600 px at 11 px text or more)."""
    import struct

    png = tmp_path / "slide.png"
    assert main(["graph", *NEURON, "-o", str(png), *fit]) == 0
    w, h = struct.unpack(">II", png.read_bytes()[16:24])
    assert w <= column and (height is None or h <= height), (w, h)
    assert max(w / column, h / (height or math.inf)) > 0.99, (w, h)


@pytest.mark.parametrize("option", ["--height", "--column"])
@pytest.mark.parametrize("typed", ["0", "-5", "nan", "inf", "abc", "5", "1e-300", "10.99"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "argument --height: expected a number of px, at least 11 (one line of readable "
            "text), got {typed!r}"),
     # (full-width colon, comma and brackets, as one_error writes them)
     ("zh", "参数 --height\uff1a需要一个不小于 11 的像素数\uff08至少放得下一行看得清的文字\uff09"
            "\uff0c得到的是 {typed!r}")],
)  # fmt: skip
def test_a_size_that_is_no_size_is_refused(
    option: str, typed: str, lang: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["graph", "x", "--set", "x=1", f"{option}={typed}", "--lang", lang])
    assert done.value.code == 2
    said = said.replace("--height", option).format(typed=typed)
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(said)


@pytest.mark.parametrize("short", ["-v", "-V"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [([], "autograd-mini: error: there is no option {short}: did you mean "
          "autograd-mini --version?"),
     (["--lang", "zh"],
      "autograd-mini\uff1a错误\uff1a没有 {short} 这个选项\uff1a你是不是想写 "
      "autograd-mini --version\uff1f")],
)  # fmt: skip
def test_a_short_version_option_is_told_version(
    short: str, lang: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`autograd-mini -v` (pip's -V, git's -v) was "unrecognized arguments: -v" under the
    usage: it is told --version, as `graph x --version` is."""
    assert main([*lang, short]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == said.format(short=short) + "\n"
