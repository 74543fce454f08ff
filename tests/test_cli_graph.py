"""``autograd-mini graph`` end to end, in a subprocess, as a user would run it."""

from __future__ import annotations

import errno
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SVG = "{http://www.w3.org/2000/svg}"
NEURON = "tanh(x1*w1 + x2*w2 + b)"
SETS = ["x1=2", "x2=0", "w1=-3", "w2=1", "b=6.8813735870195432"]


def cli(
    *args: str, path: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "autograd_mini", "graph", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
        check=False,
    )


def texts(svg: str) -> list[str]:
    return [(t.text or "").strip() for t in ET.fromstring(svg.encode()).iter(f"{SVG}text")]


def test_neuron_to_svg_with_dot_absent_from_path(tmp_path: Path) -> None:
    out = tmp_path / "neuron.svg"
    # an empty PATH: no system dot; graphviz-pure is found next to the interpreter
    done = cli(NEURON, "--set", *SETS, "-o", str(out), path=str(tmp_path))
    assert done.returncode == 0, done.stderr
    words = texts(out.read_text(encoding="utf-8"))
    n = 2 * -3 + 6.8813735870195432
    dn = 1 - math.tanh(n) ** 2
    for want in ("x1", "w1", "b", f"data {math.tanh(n):#.4g}", f"grad {-3 * dn:#.4g}"):
        assert want in words  # four significant digits
    assert f"grad {2 * dn:#.4g}" in words and "grad 0" in words  # w1 and w2
    assert f"{dn:#.4g}" in words  # the tanh edge's local derivative


def test_png_dot_and_stdout(tmp_path: Path) -> None:
    assert cli("x*x", "--set", "x=3", "-o", str(tmp_path / "a.png")).returncode == 0
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    assert cli("x*x", "--set", "x=3", "-o", str(tmp_path / "a.dot")).returncode == 0
    assert (tmp_path / "a.dot").read_text(encoding="utf-8").startswith("digraph")
    done = cli("x*x", "--set", "x=3", "--format", "dot", "--rankdir", "TB")
    assert done.returncode == 0 and "rankdir=TB" in done.stdout
    assert "grad 6.000" in done.stdout  # d(x²)/dx = 2x = 6
    done = cli("x*x", "--set", "x=3", "--no-grad", "--no-local-grads", "--precision", "1")
    assert done.returncode == 0
    words = texts(done.stdout)
    assert "data 9" in words and not any(w.startswith("grad") for w in words)


def test_format_flag_overrides_suffix(tmp_path: Path) -> None:
    target = tmp_path / "picture.txt"
    assert cli("x+1", "--set", "x=1", "-o", str(target), "--format", "svg").returncode == 0
    ET.fromstring(target.read_bytes())


def test_steps_directory(tmp_path: Path) -> None:
    done = cli("x*w", "--set", "x=2", "w=5", "--steps", str(tmp_path / "f"), "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "step_000.svg",
        "step_001.svg",
        "step_002.svg",
    ]


def test_a_steps_folder_that_cannot_be_made_stops_before_anything_is_written(
    tmp_path: Path,
) -> None:
    """It wrote the main picture, then failed with the bare OS message."""
    occupied = tmp_path / "frames"
    occupied.write_text("a file")
    picture = tmp_path / "g.dot"
    done = cli("x*w", "--set", "x=2", "w=5", "-o", str(picture), "--steps", str(occupied))
    assert done.returncode == 2
    assert "--steps" in done.stderr and "is a file, not a folder" in done.stderr
    assert not picture.exists()
    done = cli("x*w", "--set", "x=2", "w=5", "-o", str(picture), "--steps", str(occupied / "f"))
    assert done.returncode == 2 and "cannot make that folder" in done.stderr
    assert not picture.exists()
    done = cli("x*w", "--set", "x=2", "w=5", "-o", str(picture), "--steps", "x" * 300)
    assert done.returncode == 2 and "cannot make that folder (File name too long)" in done.stderr
    done = cli("x*w", "--set", "x=2", "w=5", "-o", str(picture), "--steps", "")
    assert done.returncode == 2 and "--steps needs the name of a folder" in done.stderr
    done = cli("x*w", "--set", "x=2", "w=5", "-o", str(picture), "--steps", str(picture))
    assert done.returncode == 2 and "both name" in done.stderr
    assert not picture.exists()
    frames = tmp_path / "frames2"
    (frames / "step_001.svg").mkdir(parents=True)  # a frame's name taken by a folder
    done = cli("x*w", "--set", "x=2", "w=5", "-o", str(picture), "--steps", str(frames))
    assert done.returncode == 2 and "cannot write the frames" in done.stderr
    assert not picture.exists()


@pytest.mark.parametrize(
    ("expression", "sets", "match"),
    [
        ("__import__('os').system('touch HACKED')", ["x=1"], "not allowed"),
        ("x.__class__", ["x=1"], "attribute"),
        ("open('/etc/passwd')", ["x=1"], "unknown function 'open'"),
        ("y + 1", ["x=1"], "unknown name"),
        ("foo(x)", ["x=1"], "unknown function 'foo'"),
        ("lambda: x", ["x=1"], "lambda"),
        ("'x' * 3", ["x=1"], "constant"),
        ("x[0]", ["x=1"], "subscripting"),
        ("tanh(x, y=2)", ["x=1"], "keyword"),
        ("x +* 2", ["x=1"], "syntax error"),
        ("x" + "+x" * 1500, ["x=1"], "characters long"),
        ("tanh(" * 250 + "x" + ")" * 250, ["x=1"], "nested"),
        ("log(x)", ["x=-1"], "log"),
        ("x", ["x=abc"], "not a number"),
        ("x", ["x=inf"], "not a finite number"),
        ("x", ["x"], "NAME=NUMBER"),
        ("x", ["x=1", "x=2"], "twice"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    tmp_path: Path, expression: str, sets: list[str], match: str
) -> None:
    out = tmp_path / "out.svg"
    done = cli(expression, "--set", *sets, "-o", str(out), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("autograd-mini graph: error:") and match in lines[0]
    assert not out.exists()
    assert not (tmp_path / "HACKED").exists()
    assert done.stdout == ""


def test_unknown_suffix_is_an_error(tmp_path: Path) -> None:
    done = cli("x", "--set", "x=1", "-o", str(tmp_path / "a.jpeg"))
    assert done.returncode == 2 and "cannot tell the format" in done.stderr


def test_in_process_main_returns_status(capsys: pytest.CaptureFixture[str]) -> None:
    from autograd_mini.cli import main

    assert main(["graph", "x*", "--set", "x=1"]) == 2
    assert "syntax error" in capsys.readouterr().err
    assert main(["graph", "x*2", "--set", "x=1", "--format", "dot"]) == 0
    assert "× 2" in capsys.readouterr().out


@pytest.mark.parametrize("expression", ["-x*3", "-exp(x)+x", "-(x**2)", "(-x)"])
def test_an_expression_may_start_with_a_minus_sign(
    expression: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse would take ``-x*3`` for an option; the graph must still be drawn, and the
    gradient must be the closed-form one at x = 2."""
    from autograd_mini.cli import main

    want = {"-x*3": -3.0, "-exp(x)+x": 1 - math.exp(2.0), "-(x**2)": -4.0, "(-x)": -1.0}
    status = main(["graph", expression, "--set", "x=2", "--format", "dot", "--precision", "6"])
    assert status == 0, capsys.readouterr().err
    assert f"grad {want[expression]:#.6g}" in capsys.readouterr().out


def test_the_expression_may_come_after_the_assignments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from autograd_mini.cli import main

    assert main(["graph", "--set", "x=3", "y=2", "x*y", "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert "grad 2.000" in out and "grad 3.000" in out  # ∂(xy)/∂x = y, ∂/∂y = x
    assert main(["graph", "--set", "x=1", "--set", "x=2", "x"]) == 2  # extend, then refuse
    assert "'x' twice" in capsys.readouterr().err
    long = "-" * 3000 + "x"
    assert main(["graph", long, "--set", "x=1"]) == 2
    err = capsys.readouterr().err
    assert "3001 characters long" in err and len(err.strip().splitlines()) == 1


def test_prepare_argv_knows_every_option_of_the_parser() -> None:
    """The option lists prepare_argv relies on must match the real parser."""
    import argparse

    from autograd_mini import cli_graph

    parser = argparse.ArgumentParser()
    cli_graph.add_parser(parser.add_subparsers())
    graph = parser._subparsers._group_actions[0].choices["graph"]  # type: ignore[union-attr]
    options = {s for action in graph._actions for s in action.option_strings}
    assert options == cli_graph._TAKES_VALUE | cli_graph._FLAGS | {"--set"}


def test_abbreviated_options_are_refused_not_misread(capsys: pytest.CaptureFixture[str]) -> None:
    from autograd_mini.cli import main

    assert main(["graph", "x*2", "--set", "x=1", "--out", "c.svg"]) == 2
    assert "there is no option --out: did you mean --output?" in capsys.readouterr().err


def test_a_precision_that_is_not_a_whole_number_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--precision 2.5 said argparse's "invalid int value: '2.5'", where the demo's
    counting options say "expected a whole number"."""
    from autograd_mini.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["graph", "x*2", "--set", "x=1", "--precision", "2.5"])
    assert exit_info.value.code == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.endswith("argument --precision: expected a whole number, got '2.5'"), line


def test_dash_as_output_means_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o - wrote a file named "-" (review of 2026-12-03)."""
    from autograd_mini.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["graph", "x*2", "--set", "x=1", "-o", "-", "--format", "dot"]) == 0
    assert "× 2" in capsys.readouterr().out
    assert not (tmp_path / "-").exists()


def test_a_picture_too_large_says_what_the_command_line_can_do() -> None:
    """The message named draw_graph's collapse= and max_nodes, which the command had not;
    then it sent the student to Python for collapse='expr': now --collapse expr."""
    big = "+".join(["sin(x)*y"] * 180)
    done = cli(big, "--set", "x=0.5", "y=2", "--format", "dot")
    assert done.returncode == 2
    assert "draw a shorter expression" in done.stderr
    assert "max_nodes" not in done.stderr and "give --collapse expr" in done.stderr
    assert "draw_graph" not in done.stderr
    folded = cli(big, "--set", "x=0.5", "y=2", "--format", "dot", "--collapse", "expr")
    assert folded.returncode == 0, folded.stderr
    # d/dx of 180·sin(x)·y = 180·y·cos(x), the one edge from x into the folded sum
    assert f"label={180 * 2 * math.cos(0.5):.1f}" in folded.stdout


def test_collapse_expr_folds_the_values_used_once() -> None:
    """--collapse expr: tanh(x*y + x) keeps x, y and the result; the add, mul and tanh
    are one folded op, whose edges carry d/dx = (1 - tanh²(3))·(y + 1) and d/dy =
    (1 - tanh²(3))·x at x = 1, y = 2."""
    done = cli("tanh(x*y + x)", "--set", "x=1", "y=2", "--format", "dot", "--collapse", "expr")
    assert done.returncode == 0, done.stderr
    slope = 1 - math.tanh(3) ** 2
    ops = [line for line in done.stdout.splitlines() if re.match(r"\tv\d+op \[", line)]
    assert len(ops) == 1 and "3 ops folded: 1 add, 1 mul, 1 tanh" in ops[0]
    assert f"[label={slope * 3:#.4g}]" in done.stdout  # x's edge
    assert f"[label={slope * 1:#.4g}]" in done.stdout  # y's edge
    plain = cli("tanh(x*y + x)", "--set", "x=1", "y=2", "--format", "dot")
    assert len([line for line in plain.stdout.splitlines() if re.match(r"\tv\d+op \[", line)]) == 3


def test_collapse_with_steps_is_refused(tmp_path: Path) -> None:
    """A step frame shows one edge: a folded picture's frames cannot be drawn."""
    done = cli("x*y", "--set", "x=1", "y=2", "--collapse", "expr", "--steps", str(tmp_path / "s"))
    assert done.returncode == 2
    assert "--collapse expr" in done.stderr and "--steps" in done.stderr
    assert not (tmp_path / "s").exists()


def test_a_name_typed_as_the_micro_sign_is_the_name_python_reads() -> None:
    done = cli("\u00b5*x", "--set", "\u00b5=2", "x=3", "--format", "dot")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("expression", "where"),
    [
        ("   x.y", "attribute access at column 4"),  # the text was stripped: column 1
        ("  x +", "at the end (column 6)"),
        ("-x.y", "attribute access at column 2"),  # the space put before a "-" is not counted
    ],
)
def test_a_column_counts_the_text_as_typed(
    expression: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from autograd_mini.cli import main

    assert main(["graph", expression, "--set", "x=1", "y=2"]) == 2
    assert where in capsys.readouterr().err


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("", "-o needs a file name (or - for standard output)"),  # was standard output
        ("picture.svg/", "ends with a separator, so it names a folder"),  # wrote picture.svg
    ],
)
def test_an_output_name_that_names_no_file_is_refused(
    output: str, message: str, tmp_path: Path
) -> None:
    done = cli("x*2", "--set", "x=1", "-o", output, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr
    assert done.stdout == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ["svg", "png", "dot"])
def test_an_output_file_that_cannot_be_written_names_the_option(
    suffix: str, tmp_path: Path
) -> None:
    """A file in a folder that does not exist, and a folder given as the file, said
    "[Errno 2] No such file or directory: '…'" and "[Errno 21] Is a directory: '…'",
    naming no option; now "-o PATH: cannot write the picture (reason)", as --steps says
    of its folder. Oracle: the system's own words for the two errors (os.strerror)."""
    missing = tmp_path / "missing" / f"a.{suffix}"
    for output, flags, errno_ in [
        (missing, [], errno.ENOENT),
        (tmp_path, ["--format", suffix], errno.EISDIR),
    ]:
        done = cli("x*2", "--set", "x=1", *flags, "-o", str(output))
        want = f"-o {str(output)!r}: cannot write the picture ({os.strerror(errno_)})"
        assert done.returncode == 2
        assert done.stderr == f"autograd-mini graph: error: {want}\n"
        assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []  # the missing folder is not made


def test_a_refused_raster_names_the_option_that_asked_for_it(tmp_path: Path) -> None:
    """A PNG of a Chinese name (graphviz-pure has no glyph for it) was refused as
    "draw_graph: graphviz-pure has no glyph …", naming a function the command line
    never shows; it names -o's file now (--format on standard output). Oracle: the
    options as typed."""
    out = tmp_path / "a.png"
    # an empty PATH: no system dot (which may have the glyphs); graphviz-pure it is
    done = cli("权重*2", "--set", "权重=1", "-o", str(out), path=str(tmp_path))
    assert done.returncode == 2 and not out.exists()
    start = f"autograd-mini graph: error: -o {str(out)!r}: graphviz-pure has no glyph for 2"
    assert done.stderr.startswith(start), done.stderr
    done = cli("权重*2", "--set", "权重=1", "--format", "png", path=str(tmp_path))
    assert done.returncode == 2 and done.stdout == ""
    start = "autograd-mini graph: error: --format png: graphviz-pure has no glyph for 2"
    assert done.stderr.startswith(start), done.stderr
    done = cli("权重*2", "--set", "权重=1", "--format", "PNG", path=str(tmp_path))
    start = "autograd-mini graph: error: --format PNG: graphviz-pure"  # (it said png)
    assert done.returncode == 2 and done.stderr.startswith(start), done.stderr


def test_frames_refused_leave_no_empty_folder(tmp_path: Path) -> None:
    """More steps than the frame limit: the --steps folder was made, then left empty."""
    expression = "+".join(f"x*{i}" for i in range(1, 240))  # 715 steps
    for steps in ("frames", "new/frames"):  # (new/ was left behind: made as a parent)
        done = cli(expression, "--set", "x=1", "--steps", steps, "-o", "a.svg", cwd=tmp_path)
        assert (
            done.returncode == 2 and "715 steps, 716 frames, more than --max-frames" in done.stderr
        )
        assert list(tmp_path.iterdir()) == []
    kept = tmp_path / "kept"
    kept.mkdir()  # a folder that was there before stays
    done = cli(expression, "--set", "x=1", "--steps", str(kept), "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 2 and kept.is_dir()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--view", "backward", "--no-grad"], "--no-grad hides the gradients, which are what"),
        (["--no-grad", "--color"], "--color shades the gradients by sign, and --no-grad"),
    ],
)
def test_flags_that_contradict_each_other_are_refused(
    flags: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each pair was accepted and one of the two silently ignored."""
    from autograd_mini.cli import main

    assert main(["graph", "x*2", "--set", "x=1", *flags]) == 2
    assert message in capsys.readouterr().err


def test_max_frames_sets_the_limit_of_steps_frames(tmp_path: Path) -> None:
    """The frame limit went from 500 to 100 (max_frames in Python) and the command line
    had no way past it: --max-frames N. x·w + b has 4 steps, so 5 frames (counted by
    hand: + into x·w and b, × into x and w), refused at 4, written at 5; the message
    speaks of the options, not of write_frames' arguments."""
    args = ("x*w+b", "--set", "x=1", "w=2", "b=3", "-o", "a.svg")
    done = cli(*args, "--steps", "few", "--max-frames", "4", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "--steps 'few': this backward pass has 4 steps, 5 frames, more than --max-frames 4" in (
        done.stderr
    )
    assert "give a larger --max-frames" in done.stderr and "write_frames" not in done.stderr
    done = cli(*args, "--steps", "five", "--max-frames", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "five").iterdir()) == [
        f"step_{i:03d}.svg" for i in range(5)
    ]
    done = cli(*args, "--steps", "none", "--max-frames", "0", cwd=tmp_path)
    assert done.returncode == 2 and "--max-frames must be a whole number ≥ 1, got 0" in done.stderr


def test_options_may_follow_an_expression_given_after_a_double_dash(tmp_path: Path) -> None:
    """`graph --set x=1 -- "-x*2" -o y.svg` printed the top-level usage and
    "unrecognized arguments: -o y.svg": after --, the next token is the expression and
    options may follow it. −x·2 at x = 1 is −2, and ∂/∂x = −2, by hand."""
    from autograd_mini.cli import main

    out = tmp_path / "y.dot"
    assert main(["graph", "--set", "x=1", "--", "-x*2", "-o", str(out)]) == 0
    source = out.read_text()
    assert "data -2.000" in source and "grad -2.000" in source
    assert main(["graph", "--", "-x*2", "--set", "x=1", "-o", str(out)]) == 0
    assert "data -2.000" in out.read_text()


def test_a_name_given_that_the_expression_does_not_use_is_refused(tmp_path: Path) -> None:
    """`graph "x*y" --set x=2 y=3 z=4` drew x·y and exited 0: a term forgotten in the
    expression (z) went unnoticed."""
    done = cli("x*y", "--set", "x=2", "y=3", "z=4", "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "--set z: not in the expression, whose names are x, y" in done.stderr
    assert not (tmp_path / "a.svg").exists()
    done = cli("2*3", "--set", "x=1", "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 2 and "which uses no name" in done.stderr


def test_a_function_given_a_value_is_told_it_is_a_function(tmp_path: Path) -> None:
    """`graph "exp(x)" --set exp=2 x=1` said "--set exp: not in the expression", where
    exp(x) is written: exp is a function there, and takes no value."""
    done = cli("exp(x)", "--set", "exp=2", "x=1", "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "--set exp: exp is a function, exp(…): it takes no value" in done.stderr
    assert "variables theirs (x)" in done.stderr and "not in the expression" not in done.stderr


def test_a_function_and_an_unused_name_given_values_are_told_in_one_run(
    tmp_path: Path,
) -> None:
    """`graph "x*2" --set x=1 sin=2 y=3` told sin only; y was told on the next run."""
    done = cli("x*2", "--set", "x=1", "sin=2", "y=3", "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "sin is a function" in done.stderr and "--set y: not in the expression" in done.stderr
    assert not (tmp_path / "a.svg").exists()


def test_max_frames_without_steps_is_refused(tmp_path: Path) -> None:
    """--max-frames counts --steps' frames: without --steps it was ignored, silently."""
    done = cli("x*y", "--set", "x=2", "y=3", "--max-frames", "3", "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 2
    assert "--max-frames counts the frames of --steps DIR, and there is no --steps" in (done.stderr)
    done = cli("x*y", "--set", "x=2", "y=3", "-o", "a.svg", cwd=tmp_path)
    assert done.returncode == 0 and (tmp_path / "a.svg").exists()


@pytest.mark.parametrize(
    ("typed", "view"),
    [
        ([], "backward"),  # as step_player and write_frames draw them
        (["--view", "backward"], "backward"),
        (["--view", "forward"], "forward"),
        (["--no-grad"], "forward"),  # the backward view is its gradients
    ],
)
def test_steps_draw_the_backward_pass_as_the_library_does(
    typed: list[str], view: str, tmp_path: Path
) -> None:
    """`graph --steps DIR "…"` drew its frames on the forward graph (--view's default for
    the picture), where step_player and write_frames, and the notebooks, draw the
    backward pass as its own graph: a teacher's frames did not match the notebook's."""
    from autograd_mini import Value
    from autograd_mini.steps import write_frames

    done = cli("x*w + x", "--set", "x=2", "w=5", *typed, "--steps", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    x, w = Value(2.0, label="x"), Value(5.0, label="w")
    y = x * w + x
    y.backward()
    flags = {"show_grad": "--no-grad" not in typed, "rankdir": "auto"}
    write_frames(y, tmp_path / "lib", view=view, **flags)
    made = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert made == sorted(p.name for p in (tmp_path / "lib").iterdir())
    for name in made:
        assert (tmp_path / "cli" / name).read_text() == (tmp_path / "lib" / name).read_text()
    other = tmp_path / "other"
    write_frames(y, other, view="forward" if view == "backward" else "backward", rankdir="auto")
    assert (other / made[1]).read_text() != (tmp_path / "cli" / made[1]).read_text()
