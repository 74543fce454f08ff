"""Drawing: the SVG holds the right numbers, DOT is deterministic, big graphs collapse."""

from __future__ import annotations

import contextlib
import html
import itertools
import math
import os
import random
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from op_cases import CASE_IDS, CASES, Case

import autograd_mini.draw as draw_module
import autograd_mini.render as render_module
from autograd_mini import Value, backward_steps, dot, draw_graph, draw_step, vsum
from autograd_mini.backward import walk
from autograd_mini.draw import RendererNotFound, find_renderer

SVG = "{http://www.w3.org/2000/svg}"
B = 6.8813735870195432


def sig(x: float, digits: int = 4) -> str:
    """x with ``digits`` significant digits, trailing zeros kept (printf's %#g; 0 is "0")."""
    return "0" if x == 0 else f"%#.{digits}g" % x


def texts(svg: str) -> list[str]:
    """Every text element's content, from an XML parse of the SVG."""
    tree = ET.fromstring(svg.encode("utf-8"))
    return [(t.text or "").strip() for t in tree.iter(f"{SVG}text")]


def groups(svg: str, kind: str) -> list[ET.Element]:
    tree = ET.fromstring(svg.encode("utf-8"))
    return [g for g in tree.iter(f"{SVG}g") if g.get("class") == kind]


def neuron() -> tuple[Value, dict[str, Value]]:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(B, label="b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.backward()
    return out, {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b}


def test_svg_shows_labels_data_grads_and_local_derivatives() -> None:
    out, _ = neuron()
    words = texts(draw_graph(out).svg())
    n = 2.0 * -3.0 + B
    t = math.tanh(n)
    dn = 1 - t * t  # the tanh edge's local derivative, ≈ 0.5
    for label in ("x1", "x2", "w1", "w2", "b"):
        assert label in words
    for shown in (f"data {sig(t)}", "data -3.000", "data 2.000", f"data {sig(B)}"):
        assert shown in words
    # hand chain rule: ∂out/∂x1 = w1·(1 − tanh²n), ∂out/∂w1 = x1·(1 − tanh²n)
    for grad in (-3 * dn, 2 * dn, dn, 0.0, 1.0):
        assert f"grad {sig(grad)}" in words
    # edge labels: ∂(x1·w1)/∂x1 = w1 = −3, ∂(x1·w1)/∂w1 = x1 = 2, the tanh edge 1 − t²
    for local in ("-3.000", "2.000", sig(dn), "1.000"):
        assert local in words
    for symbol in ("×", "+", "tanh"):
        assert symbol in words
    svg = draw_graph(out).svg()
    assert len(groups(svg, "edge")) == 9 + 5  # 2+2+2+2+1 inputs into 5 ops, 5 op→value
    assert len(groups(svg, "node")) == 5 + 5 + 5  # 5 leaves, 5 results, 5 ops


def test_options_precision_and_hiding() -> None:
    out, _ = neuron()
    words = texts(draw_graph(out, precision=2).svg())
    assert "data -3.0" in words and "grad -1.5" in words  # two significant digits
    bare = texts(draw_graph(out, show_grad=False, show_local_grads=False).svg())
    assert not any(w.startswith("grad") for w in bare)
    assert "-3.000" not in bare and "data -3.000" in bare
    assert "rankdir=TB" in draw_graph(out, rankdir="TB").source


def test_color_grads_by_sign() -> None:
    out, _ = neuron()
    svg = draw_graph(out, color_grads=True).svg()
    fills = {p.get("fill") for p in ET.fromstring(svg).iter(f"{SVG}polygon")}
    assert draw_module._NEGATIVE in fills and draw_module._POSITIVE in fills
    assert draw_module._NEGATIVE not in draw_graph(out).svg()


def test_folded_constants_are_shown() -> None:
    x = Value(3.0, label="x")
    words = texts(draw_graph(x / 2).svg())
    assert "÷ 2" in words and "0.5000" in words  # x/2 is drawn as written; ∂/∂x = 1/2
    assert "− 2" in texts(draw_graph(x - 2).svg())
    assert "−" in texts(draw_graph(-x).svg())
    assert "2 ^" in texts(draw_graph(2**x).svg())
    assert "^ 3" in texts(draw_graph(x**3).svg())
    assert "1 −" in texts(draw_graph(1 - x).svg())
    assert "Σ + 4" in texts(draw_graph(vsum([x, x, 4.0])).svg())


def _pure() -> str:
    pure = os.path.join(os.path.dirname(sys.executable), "graphviz-pure")
    if not os.path.exists(pure):
        pytest.skip("graphviz-pure is not next to the interpreter")
    return pure


def _png_of(program: str, label: str) -> bytes:
    dot_text = f'digraph{{a [label="{label}" shape=plaintext]}}'
    done = subprocess.run([program, "-Tpng"], input=dot_text.encode(), capture_output=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_character_the_library_draws_has_a_glyph_in_a_png() -> None:
    """The ► marking a step's row in a neuron's table was ▶, which graphviz-pure draws
    as an empty box. Each non-ASCII character of the library's own pictures, drawn
    alone, must differ from a character of the same UTF-8 length that has no glyph
    (graphviz-pure lays every non-ASCII byte out at one width, so only the glyph
    differs)."""
    pure = _pure()
    w = [Value(0.5, label="w1"), Value(-1.0, label="w2")]
    z = dot(w, [1.5, 2.0], Value(0.1, label="b"))
    a = z.sigmoid()
    y = (a.logaddexp(w[0]) + a.leaky_relu() + a**2.5 + a.softplus() + a.sqrt() / 2).tanh()
    y.backward()
    sources = [draw_graph(y).source, draw_graph(y, view="backward").source]
    steps = len(list(backward_steps(y)))
    sources += [
        draw_step(y, k, view=v).source for k in range(steps) for v in ("forward", "backward")
    ]
    sources += [draw_graph(y, collapse=c).source for c in ("inputs", "expr")]
    drawn = re.sub(r'(?i)tooltip="[^"]*"', "", "".join(sources))  # hover text is not drawn
    chars = sorted({c for c in drawn if ord(c) > 127})
    assert "►" in chars and "Σ" in chars and "σ" in chars
    empty = {n: _png_of(pure, c) for n, c in ((2, "\u0750"), (3, "\u6743"), (4, "\U0001f600"))}
    missing = [c for c in chars if _png_of(pure, c) == empty[len(c.encode())]]
    assert missing == []
    assert _png_of(pure, "▶") == empty[3]  # the old marker: an empty box


@pytest.mark.parametrize(
    ("label", "fmt", "shown"),
    [("权重", "png", "权重"), ("น้ำหนัก", "png", "น"), ("w 😀", "jpg", "😀"), ("权", "jpeg", "权")],
)
def test_a_raster_that_would_show_empty_boxes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str, fmt: str, shown: str
) -> None:
    """graphviz-pure has no glyphs for Chinese, Thai or emoji: a variable named 权重
    came out as □□ in a PNG (a JPG or GIF alike). Its SVG keeps the text for the
    browser, and Cyrillic, Greek and the library's own signs are drawn."""
    pure = _pure()
    w = Value(2.0, label=label)
    y = w * 3.0 + 1.0
    y.backward()
    graph = draw_graph(y)
    assert label in graph.svg()
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": pure)
    with pytest.raises(draw_module.RenderError, match=f"no glyph for .*{shown}.*Write an \\.svg"):
        graph.pipe(fmt)
    w.label = "вес σ"
    assert draw_graph(y).pipe(fmt)[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


@pytest.mark.parametrize("how", ["save", "pipe"])
@pytest.mark.parametrize("maker", ["draw_graph", "draw_step"])
def test_a_refused_raster_names_the_function_that_made_the_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maker: str, how: str
) -> None:
    """draw_step's picture of Chinese labels saved as a PNG was refused as "draw_graph:
    graphviz-pure has no glyph …", a function the user had not called: the refusal
    comes later, from the picture's save or pipe, and named draw_graph always. Oracle:
    the name of the function called."""
    pure = _pure()
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": pure)
    w = Value(2.0, label="权重")
    y = w * 3.0
    y.label = "输出"
    graph = draw_step(y, 0) if maker == "draw_step" else draw_graph(y)
    with pytest.raises(draw_module.RenderError, match=rf"^{maker}: graphviz-pure has no glyph"):
        graph.save(tmp_path / "a.png") if how == "save" else graph.pipe("png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("maker", ["draw_graph", "draw_step", "write_frames", "step_player"])
def test_a_failed_rendering_names_the_function_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maker: str
) -> None:
    """A renderer that fails was reported as "draw_graph: … failed" whichever function
    was called. Oracle: the name of the function called, and the renderer's own last
    line of error."""
    from autograd_mini import step_player, write_frames

    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: no layout today' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": str(fake))
    y = Value(2.0, label="x") * 3.0
    calls = {
        "draw_graph": lambda: draw_graph(y).svg(),
        "draw_step": lambda: draw_step(y, 0).svg(),
        "write_frames": lambda: write_frames(y, tmp_path / "frames"),
        "step_player": lambda: step_player(y),
    }
    failed = rf"^{maker}: {re.escape(str(fake))} -Tsvg failed: Error: no layout today$"
    with pytest.raises(draw_module.RenderError, match=failed):
        calls[maker]()


@pytest.mark.parametrize(
    ("output", "complaint"),
    [
        ("<html>no picture</html>", "the renderer's output has no <svg> element"),
        ('<svg width="10pt" height="10pt"><g/></svg>', "the renderer's SVG has no viewBox"),
    ],
)
@pytest.mark.parametrize(
    "maker", ["draw_graph", "draw_step", "write_frames", "step_player", "save", "html"]
)
def test_a_broken_rendering_names_the_function_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maker: str, output: str, complaint: str
) -> None:
    """A renderer whose SVG cannot be read was reported as "draw_graph: …" for a step
    picture, a player's frames or a saved picture alike. Oracle: the name of the
    function called (a saved or shown picture: the one that made it)."""
    from autograd_mini import step_player, write_frames

    fake = tmp_path / "dot"
    fake.write_text(f"#!/bin/sh\ncat >/dev/null\necho '{output}'\n")
    fake.chmod(0o755)
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": str(fake))
    y = Value(2.0, label="x") * 3.0
    calls = {
        "draw_graph": lambda: draw_graph(y).svg(),
        "draw_step": lambda: draw_step(y, 0).svg(),
        "write_frames": lambda: write_frames(y, tmp_path / "frames"),
        "step_player": lambda: step_player(y),
        "save": lambda: draw_step(y, 0).save(tmp_path / "a.svg"),
        "html": lambda: draw_step(y, -1).html(),
    }
    named = {"save": "draw_step", "html": "draw_step"}.get(maker, maker)
    with pytest.raises(draw_module.RenderError, match=rf"^{named}: {re.escape(complaint)}$"):
        calls[maker]()


@pytest.fixture
def slow_renderer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[], AbstractContextManager[None]]:
    """A renderer that takes too long, for a ``with`` block: inside it ``dot`` is a script
    that sleeps 5 s and rendering times out after 0.2 s; after it the real renderer
    draws again (the oracles' pictures)."""
    fake = tmp_path / "slow-renderer" / "dot"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nsleep 5\n")
    fake.chmod(0o755)
    real = render_module.render

    @contextlib.contextmanager
    def slow() -> Iterator[None]:
        with monkeypatch.context() as patch:
            patch.setattr(render_module, "find_renderer", lambda where="": str(fake))
            patch.setattr(
                render_module, "render", lambda *a, **k: real(*a, **{**k, "timeout": 0.2})
            )
            yield

    return slow


@pytest.mark.parametrize("network", [False, True])
@pytest.mark.parametrize(
    ("maker", "collapse"),
    [
        ("draw_graph", None),
        ("draw_graph", "inputs"),
        ("draw_graph", "neuron"),
        ("draw_graph", "expr"),
        ("draw_graph", "layer"),
        ("draw_step", None),
        ("draw_step", "inputs"),
        ("write_frames", None),
        ("step_player", None),
    ],
)
def test_a_timeout_advises_only_folds_the_function_called_accepts(
    tmp_path: Path,
    slow_renderer: Callable[[], AbstractContextManager[None]],
    maker: str,
    collapse: str | None,
    network: bool,
) -> None:
    """A renderer that took too long advised collapse='layer' and 'expr' for a step
    picture too, which draw_step and the players refuse. Oracle: each fold the advice
    names is accepted by the function called (drawn with the real renderer), and a
    graph's picture drawn with it has fewer nodes; a picture with no fold yet is advised
    one."""
    import nn
    from autograd_mini import step_player, write_frames

    def calls(fold: str | None, folder: str) -> dict[str, Callable[[], object]]:
        return {
            "draw_graph": lambda: draw_graph(wide, collapse=fold).svg(),
            "draw_step": lambda: draw_step(wide, 0, collapse=fold).svg(),
            "write_frames": lambda: write_frames(wide, tmp_path / folder, collapse=fold),
            "step_player": lambda: step_player(wide, collapse=fold),
        }

    if network:
        out = nn.MLP(3, [4, 4, 1], seed=0)([1.0, -2.0, 0.5])
        assert isinstance(out, Value)
        wide = (out - 1.0) ** 2
    else:
        wide = vsum([Value(0.1 * k) * Value(1.0 + k) for k in range(12)]).tanh()
    with (
        slow_renderer(),
        pytest.raises(draw_module.RenderError, match=rf"^{maker}: .* took longer") as got,
    ):
        calls(collapse, "slow")[maker]()
    advised = re.findall(r"collapse='(\w+)'", str(got.value))
    assert advised or collapse is not None, str(got.value)
    for fold in advised:
        assert fold != collapse
        calls(fold, f"fold-{fold}")[maker]()  # accepted: no ValueError
    if maker == "draw_graph":
        drawn = draw_graph(wide, collapse=collapse).node_count
        for fold in advised:
            assert draw_graph(wide, collapse=fold).node_count < drawn, fold


@pytest.mark.parametrize("network", [True, False])
def test_a_big_step_picture_notes_only_a_fold_draw_step_accepts(network: bool) -> None:
    """A big draw_step picture noted "collapse='layer' draws one box per layer" (or
    'expr') under its caption, folds draw_step refuses. Oracle: each fold the note
    names is accepted by draw_step (and the same graph's draw_graph picture still names
    its own)."""
    import nn

    if network:
        out = nn.MLP(2, [16, 16, 1], seed=0)([0.5, -1.0])
        assert isinstance(out, Value)
        root = (out - 1.0) ** 2
    else:
        root = Value(0.5)
        for _ in range(60):
            root = (root * 1.01 + 0.1).tanh() + root * 0.5
    note = [t for t in texts(draw_step(root, 0).svg()) if t.startswith("a big drawing")]
    named = re.findall(r"collapse='(\w+)'", " ".join(note))
    assert named == (["neuron"] if network else []), note
    for fold in named:
        draw_step(root, 0, collapse=fold).svg()  # accepted
    shown = " ".join(texts(draw_graph(root).svg()))
    assert ("collapse='layer'" if network else "collapse='expr'") in shown


def test_a_step_picture_s_timeout_and_note_name_one_fold(
    slow_renderer: Callable[[], AbstractContextManager[None]],
) -> None:
    """A big step picture of a network noted collapse='neuron' under its caption while
    a renderer's timeout on it advised collapse='inputs': two answers to one question.
    Oracle: the folds each names (regex on the texts), and the picture drawn with the
    advised fold has fewer nodes than the one drawn without."""
    import nn

    out = nn.MLP(2, [16, 16, 1], seed=0)([0.5, -1.0])
    assert isinstance(out, Value)
    root = (out - 1.0) ** 2
    note = [t for t in texts(draw_step(root, 0).svg()) if t.startswith("a big drawing")]
    with slow_renderer(), pytest.raises(draw_module.RenderError, match="took longer") as got:
        draw_step(root, 0).svg()
    advised = re.findall(r"collapse='(\w+)'", str(got.value))
    assert advised == re.findall(r"collapse='(\w+)'", " ".join(note)) == ["neuron"]
    assert draw_step(root, 0, collapse="neuron").node_count < draw_step(root, 0).node_count


def test_only_an_edge_the_renderer_could_not_route_is_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed rendering was drawn a second time, its edges taken off the table rows,
    whenever its message held "lost" or "spline" — the renderer's path included (a
    renderer in /home/lost/… ran every failing picture twice). Only the renderer's own
    complaint about routing an edge does so now. Oracle: the renderer's invocations,
    counted by the renderer itself."""
    svg = '<svg width="10pt" height="10pt" viewBox="0 0 10 10"><text font-size="12">x</text></svg>'
    folder = tmp_path / "lost"
    folder.mkdir()
    calls = tmp_path / "calls"
    fake = folder / "dot"
    fake.write_text(
        "#!/bin/sh\n"
        f"echo run >> '{calls}'\n"
        "if grep -q ':r[0-9]' ; then echo 'Error: lost v0 v1op edge' >&2; exit 1; fi\n"
        f"echo '{svg}'\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": str(fake))
    out = dot([Value(2.0), Value(3.0)], [Value(0.5).tanh(), Value(-1.0)], Value(1.0))
    graph = draw_graph(out, size="natural")
    assert re.search(r":r\d", graph.source)  # tanh's edge goes into its row
    calls.write_text("")
    assert graph.svg().startswith("<svg")  # the row's edge refused, the table's drawn
    assert calls.read_text().count("run") == 2
    fails = "echo 'Error: no layout today' >&2\nexit 1\n"
    fake.write_text(f"#!/bin/sh\necho run >> '{calls}'\n{fails}")
    calls.write_text("")
    with pytest.raises(draw_module.RenderError, match="no layout today"):
        draw_graph(out, size="natural").svg()
    assert calls.read_text().count("run") == 1


def test_the_size_helpers_name_themselves_when_called_alone() -> None:
    """Called directly, a size helper's refusal names it, not draw_graph."""
    from autograd_mini.render import fit_svg, px_size, scroll_box, svg_box, unify_frames

    for name, call in [
        ("svg_box", lambda: svg_box("<p/>")),
        ("fit_svg", lambda: fit_svg("<p/>")),
        ("unify_frames", lambda: unify_frames(["<p/>"])),
        ("px_size", lambda: px_size("<p/>")),
        ("scroll_box", lambda: scroll_box("<p/>")),
    ]:
        with pytest.raises(draw_module.RenderError, match=rf"^{name}: "):
            call()


def test_the_glyph_probe_sees_marks_entities_and_is_not_fooled_by_a_failed_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A probe that failed (graphviz-pure has no GIF) marked every character drawable
    for the rest of the process; a Khmer vowel sign drawn alone got a dotted circle of
    its own and passed, though after a letter it is an empty box; &#26435; in a label
    is 权 to the renderer."""
    pure = _pure()
    monkeypatch.setattr(render_module, "find_renderer", lambda where="": pure)
    monkeypatch.setattr(render_module, "_drawable", {})  # a process that has probed nothing
    graph = draw_graph(Value(2.0, label="权重") * Value(3.0, label="w"))
    with monkeypatch.context() as failing:  # the renderer draws nothing: nothing is proved
        failing.setattr(render_module, "_drawn", lambda program, char: None)
        assert render_module.undrawable("权重", pure) == []
    with pytest.raises(draw_module.RenderError, match="no glyph for 2 characters"):
        graph.save(tmp_path / "x.png")  # the failed probe was not remembered
    with pytest.raises(draw_module.RenderError, match=r"no glyph for 2 characters .*JPE"):
        graph.pipe("jpe")  # a raster format too
    assert render_module.undrawable("a\u17b6b", pure) == ["\u17b6"]
    assert render_module.undrawable('label="loss &#26435;"', pure) == ["权"]
    assert render_module.undrawable("é ü ∂ →", pure) == []


def test_dot_is_deterministic() -> None:
    first = draw_graph(neuron()[0], color_grads=True).source
    second = draw_graph(neuron()[0], color_grads=True).source
    assert first == second
    assert str(id(neuron()[1]["x1"])) not in first


def test_save_by_suffix(tmp_path: Path) -> None:
    out, _ = neuron()
    g = draw_graph(out)
    assert g.save(tmp_path / "a.dot").read_text(encoding="utf-8") == g.source
    assert "grad -1.500" in texts((g.save(tmp_path / "a.svg")).read_text(encoding="utf-8"))
    assert g.save(tmp_path / "a.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError, match=r"unknown format 'txt'"):
        g.save(tmp_path / "a.txt")


def test_jupyter_reprs() -> None:
    g = draw_graph(neuron()[0])
    assert g._repr_svg_().lstrip().startswith("<?xml") or "<svg" in g._repr_svg_()
    bundle = g._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"] and "text/plain" in bundle


def test_a_lone_leaf_draws() -> None:
    words = texts(draw_graph(Value(1.5, label="c")).svg())
    assert "c" in words and "data 1.500" in words


def test_bad_arguments() -> None:
    out, _ = neuron()
    with pytest.raises(ValueError, match="rankdir"):
        draw_graph(out, rankdir="XY")
    with pytest.raises(ValueError, match="collapse"):
        draw_graph(out, collapse="everything")
    with pytest.raises(ValueError, match="precision"):
        draw_graph(out, precision=-1)
    with pytest.raises(TypeError, match="Value"):
        draw_graph(3.0)  # type: ignore[arg-type]  # deliberately wrong


# --------------------------------------------------------------------------- renderers


def test_without_dot_on_path_graphviz_pure_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no dot, no graphviz-pure
    assert shutil.which("dot") is None
    g = draw_graph(neuron()[0])
    assert "<svg" in g.svg()
    assert g.renderer is not None
    assert Path(g.renderer).name.startswith("graphviz-pure")
    assert Path(g.renderer).parent == Path(sys.executable).parent


def test_no_renderer_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(render_module.sys, "executable", str(tmp_path / "python"))
    with pytest.raises(RendererNotFound, match="pip install graphviz-pure"):
        find_renderer()
    g = draw_graph(neuron()[0])
    assert "digraph" in g.source  # building needs no renderer
    with pytest.raises(RendererNotFound):
        g.svg()
    assert "pip install graphviz-pure" in g._repr_mimebundle_()["text/plain"]


def test_renderer_found_on_path_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))
    assert find_renderer() == str(fake)


# --------------------------------------------------------------------------- large graphs


def seed_mlp(seed: int = 0) -> tuple[Value, int]:
    """The seeds' 784-16-16-10 sigmoid network on one input, with a squared-error loss."""
    rng = random.Random(seed)
    sizes = [784, 16, 16, 10]
    acts: list[Value] | list[float] = [rng.random() for _ in range(784)]
    params = 0
    for layer, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
        outs = []
        for j in range(n_out):
            ws = [Value(rng.gauss(0, 0.1), label=f"w{layer}[{j},{k}]") for k in range(n_in)]
            b = Value(0.0, label=f"b{layer}[{j}]")
            params += n_in + 1
            outs.append(dot(ws, acts, b).sigmoid())
        acts = outs
    target = [1.0 if i == 3 else 0.0 for i in range(10)]
    loss = vsum([(a - t) ** 2 for a, t in zip(acts, target, strict=True)])
    loss.backward()
    return loss, params


def test_uncollapsed_seed_mlp_is_refused_with_advice() -> None:
    loss, params = seed_mlp()
    assert params == 13002
    with pytest.raises(ValueError, match=r"max_nodes=1000.*collapse='neuron'"):
        draw_graph(loss)


@pytest.mark.parametrize(("mode", "clusters"), [("neuron", 42), ("inputs", 0)])
def test_collapsed_seed_mlp_renders(mode: str, clusters: int) -> None:
    """Its speed is measured in benchmarks/, not asserted here (timed tests are flaky)."""
    loss, _ = seed_mlp()
    g = draw_graph(loss, collapse=mode)
    svg = g.svg()
    # 42 neurons × (summary of private inputs? only layer 1) … bounded well below 13,002
    nodes = groups(svg, "node")
    assert len(nodes) == g.node_count <= 400
    assert len(groups(svg, "cluster")) == clusters
    words = texts(svg)
    assert words.count("785 inputs") == 16  # each layer-1 neuron: 784 weights + bias
    assert words.count("σ") == 42
    # each layer-1 neuron's summary box spans its leaves' data and grad ranges,
    # recomputed here from the graph itself
    first_layer = [v for v in walk(loss) if v.op == "dot" and not any(p.parents for p in v.parents)]
    assert len(first_layer) == 16

    def ranges(kind: str) -> list[tuple[float, float]]:
        boxes = [w[len(kind) + 2 : -1].split(", ") for w in words if w.startswith(kind + " [")]
        return [(float(lo), float(hi)) for lo, hi in boxes]

    def shown(lo: float, hi: float, boxes: list[tuple[float, float]]) -> bool:
        return any(
            a == pytest.approx(lo, rel=1e-3, abs=1e-4)
            and b == pytest.approx(hi, rel=1e-3, abs=1e-4)
            for a, b in boxes
        )

    for neuron in first_layer:
        data = [p.data for p in neuron.parents]
        grads = [p.grad for p in neuron.parents]
        assert shown(min(data), max(data), ranges("data"))
        assert shown(min(grads), max(grads), ranges("grad"))


def test_collapse_threshold_respected() -> None:
    xs = [Value(float(i), label=f"x{i}") for i in range(5)]
    total = vsum(xs)
    total.backward()
    assert "5 inputs" in texts(draw_graph(total, collapse="inputs", collapse_threshold=4).svg())
    words = texts(draw_graph(total, collapse="inputs", collapse_threshold=5).svg())
    assert "x3" in words and "5 inputs" not in words


def test_shared_leaf_inputs_share_one_summary_box() -> None:
    xd = [0.1 * i for i in range(10)]
    w1d = [0.1 * (i - 5) for i in range(10)]
    w2d = [0.05 * i for i in range(10)]
    xs = [Value(v, label=f"x{i}") for i, v in enumerate(xd)]
    out = dot([Value(v) for v in w1d], xs).tanh() + dot([Value(v) for v in w2d], xs).tanh()
    out.backward()
    words = texts(draw_graph(out, collapse="neuron").svg())
    assert words.count("10 x") == 1 and words.count("10 w") == 2
    # hand chain rule: ∂out/∂xᵢ = w1ᵢ·(1 − t₁²) + w2ᵢ·(1 − t₂²)
    t1 = math.tanh(sum(w * x for w, x in zip(w1d, xd, strict=True)))
    t2 = math.tanh(sum(w * x for w, x in zip(w2d, xd, strict=True)))
    grads = [a * (1 - t1 * t1) + c * (1 - t2 * t2) for a, c in zip(w1d, w2d, strict=True)]
    assert f"grad [{sig(min(grads))}, {sig(max(grads))}]" in words
    assert f"data [0, {sig(max(xd))}]" in words


def test_collapsed_seed_mlp_reads_as_layers_left_to_right() -> None:
    """collapse='layer': one box per layer, in order from left to right, each summarising
    its neurons and parameters; the ranges are recomputed here from the graph itself."""
    loss, _ = seed_mlp()
    g = draw_graph(loss, collapse="layer")
    svg = g.svg()
    assert g.node_count <= 60  # 3 layer boxes and the loss's 21 values with their ops
    tree = ET.fromstring(svg.encode("utf-8"))
    lefts: dict[int, float] = {}
    for node in groups(svg, "node"):
        words = [(t.text or "").strip() for t in node.iter(f"{SVG}text")]
        if words and words[0].startswith("layer "):
            xs = [float(t.get("x", "0")) for t in node.iter(f"{SVG}text")]
            lefts[int(words[0].split()[1])] = min(xs)
    assert sorted(lefts) == [1, 2, 3]
    assert lefts[1] < lefts[2] < lefts[3]  # left to right, as the network is read
    assert tree is not None
    words = texts(svg)
    dots = [v for v in walk(loss) if v.op == "dot"]
    depth = {d: 1 if not any(p.parents for p in d.parents) else 0 for d in dots}
    first = [d for d in dots if depth[d] == 1]
    params = [p for d in first for p in d.parents]
    assert len(params) == 16 * 785
    lo = min(p.data for p in params)
    hi = max(p.data for p in params)
    fmt = draw_module.NumberFormat(4, [lo, hi])
    assert f"12560 parameters, data [{fmt(lo)}, {fmt(hi)}]" in words
    assert "272 parameters, data" in " ".join(words) and "170 parameters" in " ".join(words)


@pytest.mark.parametrize("label", ["back\\slash", "tr\\", "x\\N", 'a"\\'])
def test_backslashes_in_labels_and_titles_are_shown_as_typed(label: str) -> None:
    """A title is a quoted DOT string, where a backslash is an escape (a trailing one
    broke the file: RenderError), and a renderer may expand ``\\N`` to the node's name
    even in an HTML label (review of 2026-12-03). Each is shown as typed."""
    x = Value(2.0, label=label)
    y = x * 3.0
    svg = draw_graph(y, title=label).svg()
    texts = [
        html.unescape(t).replace("\u2060", "")
        for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    ]
    assert texts.count(label) == 2  # the title and the node


@pytest.mark.parametrize("n", [12, 40])  # (fewer fit in the node's own width anyway)
def test_a_chinese_title_fits_the_picture(n: int) -> None:
    """A CJK character is 1 em wide in a CJK face (Noto Sans SC's advance is its whole
    em): a title of n of them at 14 px needs n × 14 px, which Graphviz's estimate of
    about 0.84 em fell short of — the end of a twelve-character title was cut off."""
    title = "梯" * n
    svg = draw_graph(Value(1.0, label="x"), title=title, rankdir="TB").svg()
    width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg)[1])  # type: ignore[index]
    assert width >= n * 14.0


def test_the_layer_view_counts_parameters_not_inputs_given_as_values() -> None:
    """collapse='layer' of a 2-4-4-1 MLP fed Value inputs said layer 1 had 14
    parameters, its data range taking in the input x2 = −1.3: the inputs are leaves
    used only by layer 1, like its weights. The oracle: the model's own parameters."""
    import re

    import nn

    model = nn.MLP(2, [4, 4, 1], activation="tanh", seed=1)
    for xs in ([Value(0.7, label="x1"), Value(-1.3, label="x2")], [0.7, -1.3]):
        out = model(xs)
        loss = (out - 1.0) ** 2
        src = draw_graph(loss, collapse="layer").source
        for layer in model.layers:
            ps = [p.data for p in layer.parameters()]
            want = f"{len(ps)} parameters, data [{sig(min(ps))}, {sig(max(ps))}]"
            assert want in re.sub(r"<[^>]*>", "", src), want


def test_a_layer_box_writes_its_ranges_in_the_pictures_one_format() -> None:
    """A layer whose outputs run from σ(−26) ≈ 5e-12 to σ(26) ≈ 1 was drawn "outputs a:
    [0.000000000005109, 1.000]" (784-16-16-10's sigmoid layer: "[0.000000000007394,
    1.000]"): the format was chosen from the signed extremes of every member of the
    fold, its z's (±26) included, not from the ends the box prints. A number below 1e-4
    on the page makes every number of the picture scientific. The oracle: σ by hand,
    and the SVG's texts parsed."""
    x = Value(1.0, label="x")
    zs = (-26.0, 26.0, 0.0, 0.3)  # the last two: gradients of both signs, far from 0
    hidden = [dot([Value(w, label=f"w{k}")], [x]).sigmoid() for k, w in enumerate(zs)]
    # two outputs pulled opposite ways: the output layer's weight grads, ±aₖ, span [−1, 1]
    up = dot([Value(0.5 * (-1) ** k, label=f"v{k}") for k in range(4)], hidden)
    down = dot([Value(0.1, label=f"u{k}") for k in range(4)], hidden)
    out = up - down
    out.label = "C"
    out.backward()
    words = [html.unescape(t) for t in texts(draw_graph(out, collapse="layer").svg())]
    lo, hi = 1 / (1 + math.exp(26)), 1 / (1 + math.exp(-26))
    assert f"outputs a: [{lo:.3e}, {hi:.3e}]" in words, words
    numbers = re.findall(r"-?\d+\.\d+(?:e[-+]\d+)?", " ".join(words))
    assert numbers and all("e" in n for n in numbers), numbers


def _node_and_edges(svg: str, first: str) -> tuple[list[str], dict[str, list[str]]]:
    """The texts of the node whose first text is ``first``, and each edge's texts by
    "tail->head" (nodes named by their first texts), from the rendered SVG."""
    named: dict[str, str] = {}
    found: list[str] = []
    for node in groups(svg, "node"):
        words = [(t.text or "").strip() for t in node.iter(f"{SVG}text")]
        title = node.find(f"{SVG}title")
        if words and title is not None:
            named[title.text or ""] = words[0]
            if words[0] == first:
                found = words
    edges: dict[str, list[str]] = {}
    for edge in groups(svg, "edge"):
        title = edge.find(f"{SVG}title")
        assert title is not None
        tail, head = (title.text or "").split("->")
        key = f"{named.get(tail, tail)}->{named.get(head, head)}"
        edges[key] = [(t.text or "").strip() for t in edge.iter(f"{SVG}text")]
    return found, edges


@pytest.mark.parametrize("given", ["floats", "values"])
@pytest.mark.parametrize("widths", [(3, 4, 1), (784, 16, 16, 10), (1, 2, 1)])
def test_the_layer_view_draws_unnamed_inputs_as_one_box_with_its_edge(
    given: str, widths: tuple[int, ...]
) -> None:
    """collapse='layer' of an MLP fed a row of floats, or unnamed Values, drew no
    inputs at all: layer 1 had no edge in, so the picture did not say where the data
    came in (named inputs each get a box and an edge "1 value"). They are
    one box, "784 inputs | data [lo, hi]" (and "| grad [lo, hi]" for Values), its
    edge into layer 1 carrying "784 values". The backward view draws the Values' box,
    the gradient flowing into it; plain numbers get none. Oracle: the row itself, and
    central differences of the loss for the inputs' gradients."""
    import nn

    n = widths[0]
    row = [((k * 37) % 255) / 255 - 0.4 for k in range(n)]
    model = nn.MLP(n, list(widths[1:]), seed=0)

    def loss_of(xs: list[Any]) -> Value:
        out = model(xs)
        outs = out if isinstance(out, list) else [out]
        return vsum([(o - 1.0) ** 2 for o in outs])

    xs: list[Any] = [Value(x) for x in row] if given == "values" else list(row)
    loss = loss_of(xs)
    loss.backward()
    lo, hi = sig(min(row)), sig(max(row))
    data = f"data [{lo}, {hi}]" if lo != hi else f"data {lo}"
    count = f"{n} input" + ("s" if n > 1 else "")
    svg = draw_graph(loss, collapse="layer").svg()
    box, edges = _node_and_edges(svg, count)
    assert box[:2] == [count, data], box
    carried = f"{n} values" if n > 1 else "1 value"
    assert edges[f"{count}->layer 1"] == [carried]
    assert sum(1 for e in edges if e.endswith("->layer 1")) == 1  # the one way in
    if given == "values":
        h = 1e-6
        slopes = []
        for k in range(min(n, 40)):  # central differences, on plain floats
            up, down = list(row), list(row)
            up[k] += h
            down[k] -= h
            slopes.append((loss_of(up).data - loss_of(down).data) / (2 * h))
        drawn = re.findall(r"-?[\d.]+(?:e[-+]\d+)?", box[2].removeprefix("grad"))
        low, high = float(drawn[0]), float(drawn[-1])
        slack = 1e-3 * (1 + max(abs(low), abs(high)))  # the 4 digits shown, and h
        assert low - slack <= min(slopes) and max(slopes) <= high + slack, (box, slopes)
    else:
        assert len(box) == 2  # a plain number has no gradient
    back = draw_graph(loss, collapse="layer", view="backward").svg()
    box, edges = _node_and_edges(back, count)
    if given == "values":
        assert box[:2] == [count, data], box
        paths = n * widths[1]  # one per weight of layer 1
        assert edges[f"layer 1->{count}"] == [f"{paths} path" + ("s" if paths > 1 else "")]
    else:
        assert box == [] and not any(count in e for e in edges)


@pytest.mark.parametrize("n", [784, 9, 8, 2])
def test_the_layer_view_folds_many_named_inputs_into_one_box_naming_them(n: int) -> None:
    """collapse='layer' drew each named input (a labelled leaf x1, x2, …) as a box of
    its own, where unnamed ones fold into one: an MLP fed 784 named pixels was 784
    boxes beside its three layers, 25,867 px tall. More than collapse_threshold (8)
    named inputs now fold as unnamed ones do, the box naming them "x1 … x784" in the
    order the layer reads them; a few are still drawn each as itself. Oracle: the
    boxes counted in the SVG against the network's layers, the names and data as
    built."""
    import nn

    row = [((k * 37) % 255) / 255 - 0.4 for k in range(n)]
    model = nn.MLP(n, [16, 16, 1], seed=0)
    out = model([Value(x, label=f"x{k + 1}") for k, x in enumerate(row)])
    assert isinstance(out, Value)
    svg = draw_graph(out, collapse="layer").svg()
    boxes = svg.count('class="node"')
    layers = 3
    if n <= 8:  # few enough to draw: one box each, and no inputs box
        assert boxes == layers + n
        assert f"{n} inputs" not in svg
        return
    assert boxes == layers + 1, boxes
    box, edges = _node_and_edges(svg, f"{n} inputs")
    lo, hi = sig(min(row)), sig(max(row))
    assert box[:3] == [f"{n} inputs", f"x1 … x{n}", f"data [{lo}, {hi}]"], box
    assert edges[f"{n} inputs->layer 1"] == [f"{n} values"]


def test_an_inputs_box_of_named_and_unnamed_inputs_says_how_many_are_unnamed() -> None:
    """Ten named inputs and ten unnamed in one box read "20 inputs | x1 … x10": twenty
    named x1 … x10; the odd ones named, "x1 … x19 + 10 unnamed" read as 19 and 10. The
    box says how many are named and how many not (by hand: 10 and 20 − 10), under
    collapse='layer' and in a first-layer neuron's inputs box ('inputs', 'neuron'). The
    odd ones are no run x1 to x19: they are listed, as many as fit and the last."""
    import nn

    model = nn.MLP(20, [4, 1], seed=0)
    odd = "x1, x3, x5, x7, x9, x11, x13, … x19"
    for named, span in [(lambda k: k < 10, "x1 … x10"), (lambda k: k % 2 == 0, odd)]:
        out = model([Value(0.01 * k, label=f"x{k + 1}" if named(k) else "") for k in range(20)])
        assert isinstance(out, Value)
        box, _ = _node_and_edges(draw_graph(out, collapse="layer").svg(), "20 inputs")
        assert box[:2] == ["20 inputs", f"10 named {span} + 10 unnamed"], box
        for collapse in ("inputs", "neuron"):
            source = draw_graph(out, collapse=collapse).source
            assert f"<TD>10 named {span} + 10 unnamed</TD>" in source, collapse


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_inputs_box_of_names_that_are_no_numbered_run_lists_them(language: str) -> None:
    """A box of inputs named age, height, …, f16 read "age … f16", as if a range ran
    from one to the other: the names between were hidden. Names that are no numbered
    run (x1, x2, … x784 still reads "x1 … x784") are listed while they fit, else as
    many first ones as fit, "…" and the last (the box's first cell counts them).
    Oracle: the names as built, and Helvetica's widths for what fits (200 pt)."""
    import nn
    from autograd_mini import picture_language
    from autograd_mini.draw import room_for_wide, text_width

    def fits(text: str) -> bool:
        return text_width(room_for_wide(text), 12) <= 200

    sep = {"en": ", ", "zh": "、"}[language]
    few = ["age", "sex", "bmi", "bp", "tc", "ldl", "hdl", "tch", "ltg"]  # 9: folded
    many = ["age", "height", "weight", "income", "rooms", *(f"f{k}" for k in range(6, 17))]
    assert fits(", ".join(few)) and not fits(", ".join(many))
    for names in (few, many):
        model = nn.MLP(len(names), [3, 1], seed=0)
        out = model([Value(0.1 * k, label=name) for k, name in enumerate(names)])
        assert isinstance(out, Value)
        with picture_language(language):
            for collapse in ("layer", "inputs"):
                source = draw_graph(out, collapse=collapse).source
                cells = [html.unescape(c) for c in re.findall(r"<TD>([^<]*)</TD>", source)]
                said = [c.strip("\u00a0") for c in cells if c.strip("\u00a0").startswith("age")]
                assert len(said) == 1, (collapse, cells)
                if fits(sep.join(names)):  # all of them
                    assert said[0] == sep.join(names), said
                    continue
                first, last = said[0].split(f"{sep}… ")
                assert last == names[-1]
                shown = first.split(sep)
                assert shown == names[: len(shown)] and 1 < len(shown) < len(names) - 1, said
                assert fits(said[0])
                assert not fits(sep.join(names[: len(shown) + 1]) + f"{sep}… {last}")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("collapse", ["layer", "inputs"])
def test_one_or_two_names_wider_than_a_box_are_said_once_each(language: str, collapse: str) -> None:
    """One named input among unnamed ones, its name wider than a box's list (200 pt),
    was said twice: "1 named income_…, … income_… + 11 unnamed"; two such names read
    "a, … b", as if names stood between. One or two names hide none: each is said
    once, and two with the list's separator and no "…". Oracle: the names as built."""
    import nn
    from autograd_mini import picture_language

    long = ["household_income_before_taxes_in_thousands", "zip_code_of_the_residence_address"]
    sep = {"en": ", ", "zh": "、"}[language]
    model = nn.MLP(12, [3, 1], seed=0)
    for named in (long[:1], long):
        xs = [Value(0.1 * k, label=named[k] if k < len(named) else "") for k in range(12)]
        out = model(xs)
        assert isinstance(out, Value)
        with picture_language(language):
            source = draw_graph(out, collapse=collapse, collapse_threshold=0).source
        cells = [html.unescape(c) for c in re.findall(r"<TD>([^<]*)</TD>", source)]
        said = [c for c in cells if long[0] in c]
        assert len(said) == 1, cells
        assert said[0].count(long[0]) == 1 and "…" not in said[0], said
        assert sep.join(named) in said[0], said


def _skip_network(n: int, named: bool, read_by_loss: bool) -> Value:
    """3 tanh neurons on n inputs, then one tanh neuron on their 3 outputs and the same n
    inputs (a skip connection), built by hand with Values; the first input squared is
    added to the output where ``read_by_loss`` (read outside the layers too)."""
    xs = [Value(0.1 + 0.01 * k, label=f"x{k + 1}" if named else "") for k in range(n)]
    hidden = [
        dot([Value(0.1 * (j + k)) for k in range(n)], xs, Value(0.1)).tanh() for j in range(3)
    ]
    out = dot([Value(0.2) for _ in range(3 + n)], hidden + xs, Value(0.0)).tanh()
    return out + xs[0] * xs[0] if read_by_loss else out


@pytest.mark.parametrize("named", [True, False])
def test_a_skip_connections_inputs_are_one_box_with_an_edge_to_each_layer(named: bool) -> None:
    """collapse='layer' of a network whose 12 inputs feed layer 1 and, skipping it,
    layer 2 drew each input as a box of its own (12 boxes, 24 edges beside two layer
    boxes; 784 skipped pixels would be 784 boxes): an input read by a second layer was
    not the first layer's to fold. The inputs are now one box, in the first layer's
    place, with one edge to each layer reading them. Read by a loss term too, an input
    is still drawn as itself; a few named ones each as itself, with an edge to each
    layer. Oracle: the network as built (12 inputs, layers of 3 and 1 neurons)."""
    out = _skip_network(12, named, read_by_loss=False)
    svg = draw_graph(out, collapse="layer").svg()
    assert svg.count('class="node"') == 3
    box, edges = _node_and_edges(svg, "12 inputs")
    span = ["x1 … x12"] if named else []
    assert box[1 : 1 + len(span)] == span, box
    assert edges == {
        "12 inputs->layer 1": ["12 values"],
        "12 inputs->layer 2": ["12 values"],
        "layer 1->layer 2": ["3 values"],
    }
    out = _skip_network(12, named, read_by_loss=True)
    svg = draw_graph(out, collapse="layer").svg()
    box, edges = _node_and_edges(svg, "11 inputs")
    assert box[1 : 1 + len(span)] == (["x2 … x12"] if named else []), box
    assert edges["11 inputs->layer 1"] == edges["11 inputs->layer 2"] == ["11 values"]
    first = "x1" if named else "data 0.1000"  # x1 = 0.1 as built
    assert {k for k in edges if k.startswith(f"{first}->")} == {
        f"{first}->layer 1",
        f"{first}->layer 2",
        f"{first}->×",
    }
    if named:
        few = _skip_network(3, named, read_by_loss=False)
        svg = draw_graph(few, collapse="layer").svg()
        assert svg.count('class="node"') == 5
        _, edges = _node_and_edges(svg, "x1")
        for k in (1, 2, 3):
            assert edges[f"x{k}->layer 1"] == ["1 value"]
            assert f"x{k}->layer 2" in edges


@pytest.mark.parametrize(("skipping", "fresh"), [(5, 5), (8, 1)])
def test_a_few_named_inputs_skipping_a_layer_are_the_first_layers_to_draw(
    skipping: int, fresh: int
) -> None:
    """Layer 1 reading 5 named inputs draws each as itself (collapse_threshold 8 or
    fewer); they skip to layer 2, which reads 5 named ones of its own too. Layer 2
    counted all 10 as its own, more than 8, and folded them into one box "10 inputs |
    x1, …, y5" with an edge "5 values" to layer 1: which 5, it did not say. The first
    layer reading an input decides how it is drawn. Oracle: the network as built,
    x1 … x5 into both layers, y1 … y5 into layer 2."""
    xs = [Value(0.1 + 0.01 * k, label=f"x{k + 1}") for k in range(skipping)]
    ys = [Value(0.5 + 0.01 * k, label=f"y{k + 1}") for k in range(fresh)]
    hidden = [
        dot([Value(0.1 * (j + k)) for k in range(skipping)], xs, Value(0.1)).tanh()
        for j in range(3)
    ]
    out = dot([Value(0.2)] * (3 + skipping + fresh), hidden + xs + ys, Value(0.0)).tanh()
    svg = draw_graph(out, collapse="layer").svg()
    assert svg.count('class="node"') == 2 + skipping + fresh
    _, edges = _node_and_edges(svg, "layer 1")
    for x in xs:
        assert f"{x.label}->layer 1" in edges and f"{x.label}->layer 2" in edges, edges
    for y in ys:
        assert f"{y.label}->layer 2" in edges and f"{y.label}->layer 1" not in edges, edges


def test_a_layers_edge_to_a_value_drawn_as_itself_carries_its_contribution() -> None:
    """The backward view of collapse='layer' labelled the edge from layer 2 to an input
    drawn as itself (a few named ones a skip connection feeds, or one a loss reads)
    "× 0.2000 = ?" after the whole pass: the gradient it multiplies is that of a neuron
    folded into the layer's box, which the label looked for in the box. Oracle: by
    hand, the output tanh's δ = 1 − out² times the weight 0.2 as built."""
    for n, named, read_by_loss in [(3, True, False), (12, False, True)]:
        out = _skip_network(n, named, read_by_loss)
        tanh = out.parents[0] if read_by_loss else out
        want = f"× 0.2000 = {0.2 * (1 - tanh.data**2):.4g}"
        source = draw_graph(out, collapse="layer", view="backward").source
        labels = re.findall(r'L2 -> \w+ \[label="([^"]*)"', source)
        carried = [t.strip("\u00a0 ") for t in labels if t.startswith("×")]
        assert carried == [want] * (n if named else 1), labels
        assert "= ?" not in source


def test_a_layer_of_one_parameter_says_parameter() -> None:
    """A layer whose neuron's weights are values drawn elsewhere (its inputs) and whose
    only parameter is its bias read "1 parameters, data 0". Oracle: the network as
    built, one bias in layer 2; layer 1's 39 parameters keep the plural."""
    xs = [Value(0.1 + 0.01 * k, label=f"x{k + 1}") for k in range(12)]
    hidden = [
        dot([Value(0.1 * (j + k)) for k in range(12)], xs, Value(0.1)).tanh() for j in range(3)
    ]
    out = dot(xs[:3], hidden, Value(0.0)).tanh()  # x1, x2, x3 as layer 2's weights
    cells = [
        html.unescape(c)
        for c in re.findall(r"<TD>([^<]*)</TD>", draw_graph(out, collapse="layer").source)
    ]
    assert "1 parameter, data 0" in cells, cells
    assert "39 parameters, data [0, 1.300]" in cells, cells


def test_the_layer_view_asks_once_an_input_who_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """collapse='layer' asked each input who reads it twice per neuron reading it, 32
    times for 16 neurons (16 before skip connections were looked for): 784-16-16-10's
    DOT took 7 % longer. Whether only layers read an input, each as its data, is the
    input's alone: asked once. Oracle: the readers' lists, counted as they are read."""

    class Counted(list[tuple[Value, int]]):
        reads = 0

        def __iter__(self) -> Iterator[tuple[Value, int]]:
            self.reads += 1
            return super().__iter__()

    built = draw_module._uses
    seen: list[dict[Value, list[tuple[Value, int]]]] = []

    def counted(root: Value) -> dict[Value, list[tuple[Value, int]]]:
        uses: dict[Value, list[tuple[Value, int]]] = {
            v: Counted(us) for v, us in built(root).items()
        }
        seen.append(uses)
        return uses

    monkeypatch.setattr(draw_module, "_uses", counted)
    for named in (False, True):
        xs = [Value(0.01 * k, label=f"x{k + 1}" if named else "") for k in range(40)]
        out = dot([Value(0.1) for _ in range(16)], [
            dot([Value(0.01 * (j + k)) for k in range(40)], xs, Value(0.1)).tanh()
            for j in range(16)
        ], Value(0.0))  # fmt: skip
        seen.clear()
        draw_graph(out, collapse="layer")
        uses = seen[0]
        asked = [getattr(uses[x], "reads", 0) for x in xs]
        assert max(asked) <= 3, asked


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_floats_fed_through_a_skip_connection_are_one_box(view: str) -> None:
    """collapse='layer' of a network whose 12 plain floats feed layer 1 and, skipping
    it, layer 2 drew two identical boxes "12 inputs | data [0.1000, 0.2100]", one
    into each layer, where named Values fold into one box. The floats are one box,
    with an edge to each layer; a second layer reading other floats keeps a box of
    its own. Oracle: the network as built (12 inputs from 0.1 by 0.01, layers of 3
    and 1 neurons). The backward view draws no box of plain numbers (no gradient)."""
    xs = [0.1 + 0.01 * k for k in range(12)]

    def network(skipped: list[float]) -> Value:
        hidden = [
            dot([Value(0.1 * (j + k)) for k in range(12)], xs, Value(0.1)).tanh() for j in range(3)
        ]
        return dot([Value(0.2) for _ in range(3 + 12)], hidden + skipped, Value(0.0)).tanh()

    svg = draw_graph(network(xs), collapse="layer", view=view).svg()
    if view == "backward":
        assert svg.count('class="node"') == 2 and "12 inputs" not in texts(svg)
        return
    assert texts(svg).count("12 inputs") == 1
    assert svg.count('class="node"') == 3
    box, edges = _node_and_edges(svg, "12 inputs")
    assert box == ["12 inputs", "data [0.1000, 0.2100]"]
    assert edges == {
        "12 inputs->layer 1": ["12 values"],
        "12 inputs->layer 2": ["12 values"],
        "layer 1->layer 2": ["3 values"],
    }
    other = network([x + 1 for x in xs])  # layer 2 reads other numbers: its own box
    words = texts(draw_graph(other, collapse="layer").svg())
    assert words.count("12 inputs") == 2
    assert "data [1.100, 1.210]" in words and "data [0.1000, 0.2100]" in words


def test_equal_floats_a_later_layer_reads_are_not_taken_for_the_same_data() -> None:
    """Layer 2 reading its own floats that happen to equal layer 1's (a second input of
    equal numbers, a token read again) were drawn as layer 1's box with an edge into
    layer 2: a skip connection the code does not have. Only the same floats (one list
    read by both layers) are one box; equal numbers are a box of their own, as any
    other numbers are. Oracle: the network as built (x and y two lists, y == x)."""

    def network(x: list[float], y: list[float]) -> Value:
        hidden = [
            dot([Value(0.1 * (j + k + 1)) for k in range(3)], x, Value(0.1)).tanh()
            for j in range(3)
        ]
        return dot([Value(0.2) for _ in range(6)], hidden + y, Value(0.0)).tanh()

    x = [float(k) for k in (0, 1, 0)]
    y = [float(k) for k in (0, 1, 0)]
    assert x == y and x[1] is not y[1]
    for reads, boxes in ((y, 2), (x, 1)):
        svg = draw_graph(network(x, reads), collapse="layer").svg()
        assert texts(svg).count("3 inputs") == boxes
        _, edges = _node_and_edges(svg, "3 inputs")
        assert sorted(edges) == ["3 inputs->layer 1", "3 inputs->layer 2", "layer 1->layer 2"]


def test_a_box_of_values_and_floats_a_later_layer_reads_the_floats_of() -> None:
    """Layer 1 reads 2 unnamed Values and 3 floats, layer 2 the same 3 floats through a
    skip connection: one box "5 inputs", its edge into layer 2 carrying the 3 floats;
    in the backward view no gradient flows to a float, and that edge is not drawn (it
    read "0 paths"). Oracle: the network as built (2 Values by 3 neurons: 6 paths)."""
    floats, values = [0.1, 0.2, 0.3], [Value(0.4), Value(0.5)]
    hidden = [
        dot([Value(0.1 * (j + k)) for k in range(5)], values + floats, Value(0.1)).tanh()
        for j in range(3)
    ]
    out = dot([Value(0.2) for _ in range(6)], hidden + floats, Value(0.0)).tanh()
    _, edges = _node_and_edges(draw_graph(out, collapse="layer").svg(), "5 inputs")
    assert edges == {
        "5 inputs->layer 1": ["5 values"],
        "5 inputs->layer 2": ["3 values"],
        "layer 1->layer 2": ["3 values"],
    }
    svg = draw_graph(out, collapse="layer", view="backward").svg()
    _, edges = _node_and_edges(svg, "5 inputs")
    assert edges == {"layer 1->5 inputs": ["6 paths"], "layer 2->layer 1": ["3 paths"]}


def test_a_later_layer_reading_one_value_of_a_box_of_floats_is_carried_that_value() -> None:
    """Layer 1 reads 2 unnamed Values and 3 floats ("5 inputs"), layer 2's 2 neurons
    the first Value alone (a skip connection): the edge into layer 2 said "4 values",
    the box's 3 floats counted on it though layer 2 reads none of them. It carries 1
    value (an edge counts the values it carries, whatever neurons read them). Oracle:
    the network as built."""
    floats, values = [0.1, 0.2, 0.3], [Value(0.4), Value(0.5)]
    hidden = [
        dot([Value(0.1 * (j + k)) for k in range(5)], values + floats, Value(0.1)).tanh()
        for j in range(3)
    ]
    second = [
        dot([Value(0.2) for _ in range(4)], hidden + values[:1], Value(0.0)).tanh()
        for _ in range(2)
    ]
    out = dot([Value(0.3), Value(0.3)], second, Value(0.0))
    _, edges = _node_and_edges(draw_graph(out, collapse="layer").svg(), "5 inputs")
    assert edges["5 inputs->layer 1"] == ["5 values"]
    assert edges["5 inputs->layer 2"] == ["1 value"]


def test_only_a_network_is_drawn_with_merged_edges() -> None:
    """Edges meeting at one end merged into a trunk (Graphviz's concentrate) halve a
    folded network's height; a 30-step chain or a third derivative folded the same way
    (150 to 300 boxes) got them too, and a label floated below a trunk's split beside
    three branches. Only a picture of two neurons or more is drawn so."""
    import nn
    from autograd_mini.draw import XLABEL_ABOVE, _count, scene

    x = Value(0.3, label="x")
    y = x
    for k in range(30):
        y = (y * Value(0.9) + Value(0.01 * k)).tanh()
    drawn = _count(scene(y, "inputs", 8, 10**6, lambda v: None, 4))
    assert XLABEL_ABOVE < drawn <= 300, drawn  # (241: the size a network is merged at)
    assert "concentrate" not in draw_graph(y, collapse="inputs").source
    model = nn.MLP(2, [16, 16, 1], seed=0)
    out = model([Value(0.5), Value(-0.3)])
    assert isinstance(out, Value)
    assert "concentrate=true" in draw_graph(out, collapse="neuron").source


def test_the_layer_views_inputs_box_speaks_chinese() -> None:
    """The box of the unnamed inputs says "784 个输入", its edge "784 个值"."""
    import nn
    from autograd_mini import picture_language

    out = nn.MLP(784, [16, 10], seed=0)([k / 784 for k in range(784)])
    assert isinstance(out, list)
    with picture_language("zh"):
        svg = draw_graph(vsum(out), collapse="layer").svg()
    box, edges = _node_and_edges(svg, "784 个输入")
    assert box and box[1] == "data [0, 0.9987]"
    assert [v for k, v in edges.items() if k.startswith("784 个输入->")] == [["784 个值"]]


@pytest.mark.parametrize("given", ["floats", "values"])
def test_collapse_inputs_leaves_a_neuron_of_few_inputs_its_table(given: str) -> None:
    """collapse='inputs' counted a node's parents, not its leaves: a 3-4-4-1 MLP's
    second-layer neurons (4 weights, 4 activations, a bias: 9 > 8) lost their tables
    for a Σw·x node with a "4 w" box and the bias beside it in one rank, and the
    picture, top to bottom, was 2,208 units wide where unfolded it is 1,203. With five
    leaves each, there is nothing many to fold: the picture is the unfolded one. A
    neuron of 784 inputs is still folded. Oracles: the unfolded picture's own width, and
    the model's widths (4 + 4 + 1 tables)."""
    import nn
    from autograd_mini.render import svg_box

    model = nn.MLP(3, [4, 4, 1], seed=0)
    xs: list[Any] = [1.0, -2.0, 0.5]
    out = model([Value(x) for x in xs] if given == "values" else xs)
    assert isinstance(out, Value)
    loss = (out - 1.0) ** 2
    loss.backward()
    folded = draw_graph(loss, collapse="inputs", rankdir="TB")
    plain = draw_graph(loss, rankdir="TB")
    assert svg_box(folded.natural_svg()).width <= svg_box(plain.natural_svg()).width
    assert texts(folded.svg()).count("z = Σₖ wₖ·aₖ + b") == 4 + 4 + 1
    assert not any(re.fullmatch(r"\d+ w", t) for t in texts(folded.svg()))
    wide = nn.MLP(784, [2], seed=0)([k / 784 for k in range(784)])
    assert isinstance(wide, list)
    # (fed floats, a neuron's 784 weights and its bias are the leaves times constants)
    assert "785 inputs" in texts(draw_graph(vsum(wide), collapse="inputs").svg())


def test_the_layer_view_labels_an_edge_with_the_activations_it_carries() -> None:
    """collapse='layer' of a 2-4-4-1 MLP labelled the edge from layer 1 to layer 2
    "16 values": its 4 × 4 weighted connections, while the edge carries layer 1's 4
    activations. The oracle: the widths the model was built with; an input the loss
    uses too is drawn on its own and its edge into layer 1 carries one value."""
    import nn

    sizes = [4, 4, 1]
    model = nn.MLP(2, sizes, activation="tanh", seed=1)
    x1, x2 = Value(0.7, label="x1"), Value(-1.3, label="x2")
    for view in ("forward", "backward"):
        out = model([x1, x2])
        loss = (out - x1) ** 2  # x1 is not layer 1's alone: drawn outside the layer box
        # an upright picture's labels end in a gap (draw.LABEL_GAP): the words before it
        src = draw_graph(loss, collapse="layer", view=view).source.replace("\u00a0", "")
        if view == "backward":  # each weight's term is a path of its own: 16 = 4 × 4
            for k in range(1, len(sizes)):
                edge = f'L{k + 1} -> L{k} [label="{sizes[k - 1] * sizes[k]} paths"]'
                assert edge in src, edge
            continue
        labels = dict(re.findall(r'(L\d+ -> L\d+) \[label="([^"]*)"\]', src))
        want = {f"L{k} -> L{k + 1}": f"{sizes[k - 1]} values" for k in range(1, len(sizes))}
        assert labels == want
        x1_node = re.search(r"(v\d+) \[label=<.*?<B>x1</B>", src)
        assert x1_node is not None
        assert f'{x1_node[1]} -> L1 [label="1 value"]' in src


@pytest.mark.parametrize("mode", ["neuron", "inputs"])
def test_a_neurons_bias_is_not_folded_alone(mode: str) -> None:
    """A 2-4-4-1 MLP fed Values, its wide nodes folded: each neuron's bias, the lone leaf
    beside its weights and inputs, was summarised as "1 inputs", then as "1 input"; it is
    drawn as itself. The oracle: the model's own biases, 4 + 4 + 1 of them."""
    import nn

    sizes = [4, 4, 1]
    model = nn.MLP(2, sizes, activation="tanh", seed=1)
    out = model([Value(0.7, label="x1"), Value(-1.3, label="x2")])
    loss = (out - 1.0) ** 2
    loss.backward()
    words = texts(draw_graph(loss, collapse=mode, collapse_threshold=2).svg())
    assert not any(w.startswith("1 input") for w in words)
    biases = [n.b for layer in model.layers for n in layer.neurons]
    assert len(biases) == sum(sizes)
    for b in biases:
        assert f"data {sig(b.data)}" in words and f"grad {sig(b.grad)}" in words


def test_a_layer_of_one_neuron_says_neuron() -> None:
    """The layer view's title counted "1 neurons" for an output layer of one; the
    oracle is the model's own widths."""
    import nn

    model = nn.MLP(2, [3, 1], seed=0)
    src = draw_graph(model([0.5, -1.0]), collapse="layer").source
    assert ": 3 neurons, activation" in src and ": 1 neuron, activation" in src
    assert "1 neurons" not in src


def folded_sum() -> Value:
    """((a·b).tanh() + (a·c).tanh() − 1)², its gradients filled in: every inner value is
    used once, so collapse='expr' folds all seven ops into the root (a, used twice, and
    b, c stay). tests/test_words.py draws it in Chinese."""
    a, b, c = Value(0.5, label="a"), Value(-1.0, label="b"), Value(2.0, label="c")
    y = ((a * b).tanh() + (a * c).tanh() - 1) ** 2
    y.backward()
    return y


def test_a_folded_expression_lists_its_ops_by_name_and_count() -> None:
    """collapse='expr' summarised the ops folded into one value as "Σw·x5 tanh4 ^1 −1":
    counts glued to symbols, which a student reads as a formula. The oracle: the ops of
    :func:`folded_sum`, counted by hand from its formula."""
    words = texts(draw_graph(folded_sum(), collapse="expr").svg())
    assert "7 ops folded: 2 mul, 2 tanh, 1 add, 1 pow, 1 sub" in words


def below(root: Value) -> list[Value]:
    """Every value ``root`` was computed from, ``root`` included."""
    seen, stack = {root}, [root]
    while stack:
        for p in stack.pop().parents:
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return list(seen)


def cluster_labels(svg: str) -> list[tuple[str, float, float]]:
    """(label, x, y) of each cluster of a rendered picture, no-break spaces as spaces."""
    out = []
    for g in groups(svg, "cluster"):
        text = next(g.iter(f"{SVG}text"))
        label = "".join(text.itertext()).replace("\u00a0", " ").strip()
        out.append((label, float(text.get("x", "0")), float(text.get("y", "0"))))
    return out


@pytest.mark.parametrize("rankdir", ["LR", "TB"])
@pytest.mark.parametrize("sizes", [[3, 1], [3, 3, 1], [16, 16, 1], [4, 3, 2]])
def test_neuron_clusters_are_numbered_by_layer_in_the_models_order(
    sizes: list[int], rankdir: str
) -> None:
    """collapse='neuron' numbered its clusters "neuron 0" … "neuron 6" over a 2-3-3-1
    MLP in the walk's order (layer 2's last neuron first); then by the order dot drew
    them in, so that in a 2-3-1 MLP "layer 1 · neuron 2" fed the output's w₃ row and
    "neuron 3" its w₂, against the wⱼₖ the notebooks teach. (This test asked for the
    drawn order before; that order is dot's, chosen to cut crossings, and says nothing
    about the model.) Each reads "layer L · neuron k": L from the inputs, k the neuron's
    place in its layer, the index of the next layer's weight it meets. The oracles: the
    model's own neurons, whose first weight is labelled with their place, the output
    neuron's weight row each cluster's output feeds, and the drawn labels' places
    (layers along the drawing's direction)."""
    import nn

    model = nn.MLP(2, sizes, seed=0)
    for k, layer in enumerate(model.layers, start=1):
        for j, n in enumerate(layer.neurons, start=1):
            n.w[0].label = f"w{k}.{j}"
    out = model([Value(0.5, label="x1"), Value(-1.0, label="x2")])
    outs = out if isinstance(out, list) else [out]
    loss = vsum([(o - 1.0) ** 2 for o in outs])
    loss.backward()
    graph = draw_graph(loss, collapse="neuron", rankdir=rankdir)
    found = re.findall(
        r'label="(layer \d+ · neuron \d+)".*?<TD>(w\d+\.\d+)</TD>', graph.source, re.S
    )
    assert len(found) == sum(sizes)
    for label, weight in found:
        assert label == "layer {} · neuron {}".format(*weight[1:].split(".")), (label, weight)
    # and the next layer's weight wₖ multiplies the output of the cluster numbered k
    assert graph.scene is not None
    for label, members in graph.scene.clusters.values():
        layer, k = map(int, re.findall(r"\d+", label))
        if layer < len(sizes):
            (act,) = (m for m in members if isinstance(m, Value) and m.op != "dot")
            nexts = [z for z in below(loss) if z.op == "dot" and act in z.parents]
            assert len(nexts) == sizes[layer]  # every neuron of the next layer
            for z in nexts:  # z = Σ wₖ·aₖ + b: parents w₁ … w_K, a₁ … a_K, b
                assert z.parents.index(act) == len(model.layers[layer].neurons[0].w) + k - 1
    drawn = cluster_labels(graph.svg())
    along = 0 if rankdir == "LR" else 1  # x or y: layers
    places: dict[int, list[float]] = {}
    for label, x, y in drawn:
        match = re.fullmatch(r"layer (\d+) · neuron (\d+)", label)
        assert match is not None, label
        places.setdefault(int(match[1]), []).append((x, y)[along])
    assert sorted(places) == list(range(1, len(sizes) + 1))
    for layer in range(1, len(sizes)):
        assert max(places[layer]) < min(places[layer + 1]), layer  # TB: y grows down


def test_without_a_renderer_neuron_clusters_keep_the_models_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drawn order needs a layout; without a renderer, building the picture still
    works (as for every view) and layer 2's clusters are numbered as the model lists its
    neurons. The oracle: each cluster's dot node is fed by its neuron's weights, whose
    labels say which neuron of the model it is."""
    import nn

    monkeypatch.setattr(render_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(render_module.sys, "executable", str(tmp_path / "python"))
    model = nn.MLP(2, [3, 3, 1], seed=0)
    for k, layer in enumerate(model.layers, start=1):
        for j, n in enumerate(layer.neurons, start=1):
            n.w[0].label = f"w{k}.{j}"
    src = draw_graph(model([0.5, -1.0]), collapse="neuron").source
    clusters = re.findall(r'label="(layer \d · neuron \d)".*?<TD>(w\d\.\d)</TD>', src, re.S)
    places = [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1)]
    assert clusters == [(f"layer {k} · neuron {j}", f"w{k}.{j}") for k, j in places]


# --------------------------------------------------------------------------- accumulated grads

PASSES_NOTE = "note: each leaf's grad is {n} × the sum of local derivative × grad over its edges,"
PASSES_WHY = "as after {n} backward passes: a leaf's grad accumulates until zero_grad()"
DIFFER_NOTE = "note: some leaf grads are not the sum of local derivative × grad over their edges:"


def test_after_more_backward_passes_the_picture_says_leaf_grads_add_them_up() -> None:
    """Leaves accumulate over backward passes, inner nodes keep the last one's: after a
    second ``backward()`` the forward view showed each leaf twice what local derivative
    × grad over its edges gives, with no word. The oracle: the neuron's chain rule by
    hand, times the number of passes."""
    out, leaf = neuron()
    dn = 1 - math.tanh(2.0 * -3.0 + B) ** 2
    assert not any(t.startswith("note:") for t in texts(draw_graph(out).svg()))  # one pass
    for passes in (2, 3):
        out.backward()
        assert leaf["x1"].grad == pytest.approx(passes * -3.0 * dn, rel=1e-12)
        assert leaf["w1"].grad == pytest.approx(passes * 2.0 * dn, rel=1e-12)
        words = texts(draw_graph(out).svg())
        assert f"grad {sig(passes * -3.0 * dn)}" in words  # the leaf, as stored
        assert f"grad {sig(dn)}" in words  # the inner node x1·w1 + … keeps one pass's
        assert PASSES_NOTE.format(n=passes) in words
        assert PASSES_WHY.format(n=passes) in words
    for v in leaf.values():
        v.grad = 0.0
    out.backward()
    assert not any(t.startswith("note:") for t in texts(draw_graph(out).svg()))


def test_leaf_grads_from_another_output_are_said_not_to_add_up() -> None:
    """y1 = a·b, then y2 = a² + b, each backward once: a holds ∂y1/∂a + ∂y2/∂a =
    b + 2a = 3 and b holds a + 1 = 3, while y2's edges give 2a = 4 and 1 — no whole
    number of y2's passes (by hand, a = 2, b = −1). The backward view draws its own pass,
    so it has nothing to say."""
    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    (a * b).backward()
    y2 = a * a + b
    y2.backward()
    assert (a.grad, b.grad) == (3.0, 3.0)
    words = texts(draw_graph(y2).svg())
    assert DIFFER_NOTE in words
    assert not any(t.startswith("note: each") for t in words)
    assert not any(t.startswith("note:") for t in texts(draw_graph(y2, view="backward").svg()))
    assert not any(t.startswith("note:") for t in texts(draw_graph(y2, show_grad=False).svg()))


def test_a_big_unfolded_drawing_names_the_fold_that_draws_it_smaller() -> None:
    """Above 150 nodes a drawing without a fold says, under its title, which fold draws
    it smaller: collapse='layer'/'neuron' where there are neurons (dot nodes), else
    collapse='expr' (the 2-16-16-1 network: 777 nodes, counting a neuron's table rows;
    tanh's 5th derivative: 320). A small (tanh's 4th derivative: 127) or folded drawing
    says nothing."""
    import nn
    from autograd_mini import gradients, picture_language

    model = nn.MLP(2, [16, 16, 1], seed=0)
    out = model([Value(0.5), Value(-1.0)])
    loss = (out - 1.0) ** 2
    loss.backward()

    def note(root: Value, **options: object) -> str:
        graph = draw_graph(root, **options)  # type: ignore[arg-type]
        labels = re.findall(r'label="([^"]*)"', graph.source)
        found = [line for label in labels for line in label.split("\\n") if "collapse=" in line]
        assert len(found) <= 1
        return found[0].strip("\xa0") if found else ""  # zh lines are padded (room_for_wide)

    assert note(loss).startswith("a big drawing: collapse='layer' draws one box per layer")
    # where a 1,000 px column shows it, from the scroll's left edge: the picture is 2,700
    # px wide, and centred, the note stood at 1,350 px
    svg = draw_graph(loss).svg()
    size = re.search(r'<svg width="([\d.]+)px".*?viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg, re.S)
    assert size is not None
    width, box = size.groups()
    (x,) = re.findall(r'<text[^>]*\sx="([\d.]+)"[^>]*>a big drawing', svg)
    assert float(width) > 2000 and float(x) * float(width) / float(box) < 500
    assert note(loss, collapse="layer") == note(loss, collapse="neuron") == ""
    with picture_language("zh"):
        assert note(loss).startswith("图很大：collapse='layer' 把每层画成一个框")  # noqa: RUF001
    x = Value(0.5)
    d = x.tanh()
    for order in range(1, 6):
        (d,) = gradients(d, [x], create_graph=True)
        if order == 4:
            assert note(d, show_grad=False) == ""  # 127 nodes
    assert "collapse='expr' folds each value used only once" in note(d, show_grad=False)
    assert note(d, show_grad=False, collapse="expr") == ""


def test_a_lone_wide_neuron_is_told_the_fold_that_draws_it_smaller() -> None:
    """One neuron of 200 inputs (no network: 'layer' and 'neuron' advice is for two
    neurons or more) was told collapse='expr', which folds no leaf: it drew the neuron
    as tall as unfolded, less its one op box (5,539 → 5,506 px; 784 inputs: 21,423 →
    21,390), where 'inputs' draws it 136 px tall. It is told 'inputs', in the note under
    the title, in max_nodes' refusal and in a renderer's timeout advice; the oracle is
    the drawings' heights, measured."""
    from autograd_mini import picture_language

    lone = dot([Value(0.01 * k) for k in range(200)], [Value(0.5) for _ in range(200)], Value(0.2))
    unfolded = draw_graph(lone)
    notes = [t for t in texts(unfolded.svg()) if "collapse=" in t]
    said = (
        "a big drawing: collapse='inputs' draws a node's many leaf inputs (more than 8) as one box"
    )
    assert notes == [said]
    heights = {
        c: float(re.findall(r'height="([\d.]+)px"', draw_graph(lone, collapse=c).svg())[0])
        for c in ("inputs", "expr")
    }
    unfolded_height = float(re.findall(r'height="([\d.]+)px"', unfolded.svg())[0])
    # 'expr' saves no leaf's box (at most the one op box); 'inputs' saves nearly all
    assert heights["expr"] > 0.95 * unfolded_height
    assert heights["inputs"] < 0.1 * unfolded_height
    assert unfolded.folds == ("inputs",)
    with pytest.raises(draw_module.TooManyNodes, match="pass collapse='inputs'"):
        draw_graph(lone, max_nodes=100)
    with picture_language("zh"):
        said = " ".join(texts(draw_graph(lone).svg()))
    assert "collapse='inputs' 把一个节点的众多叶子输入" in said


def test_a_graph_drawn_with_the_inputs_fold_is_not_told_it_again() -> None:
    """A lone neuron of 200 inputs drawn with collapse='inputs' (or 'neuron') was told
    'inputs' again by a renderer timeout's advice (and max_nodes' refusal told it 'expr',
    which draws it bigger). Where 'inputs' folds more than 'expr', nothing is advised but
    a smaller part; a chain drawn with 'inputs' is still told 'expr', which folds it
    smaller. The oracle is the drawings' areas, measured."""

    def area(svg: str) -> float:
        (w, h) = (float(re.findall(rf'{d}="([\d.]+)px"', svg)[0]) for d in ("width", "height"))
        return w * h

    lone = dot([Value(0.01 * k) for k in range(200)], [Value(0.5)] * 200, Value(0.2))
    drawn = {c: draw_graph(lone, collapse=c) for c in ("inputs", "neuron", "expr")}
    assert area(drawn["expr"].svg()) > 10 * area(drawn["inputs"].svg())  # 'expr' is bigger
    assert area(drawn["expr"].svg()) > 10 * area(drawn["neuron"].svg())
    assert drawn["inputs"].folds == ()
    assert drawn["neuron"].folds == ()
    for c in ("inputs", "neuron"):
        with pytest.raises(draw_module.TooManyNodes) as refused:
            draw_graph(lone, collapse=c, max_nodes=4)
        assert "collapse=" not in str(refused.value)
        assert "draw a smaller part of the graph" in str(refused.value)

    t = Value(0.1, label="t")
    for _ in range(40):
        t = (t * 1.01).tanh()
    z = vsum([Value(0.01 * k, label=f"x{k}") for k in range(10)]) + t
    folded = draw_graph(z, collapse="inputs")
    assert area(draw_graph(z, collapse="expr").svg()) < 0.5 * area(folded.svg())
    assert folded.folds == ("expr",)
    with pytest.raises(draw_module.TooManyNodes, match="pass collapse='expr'"):
        draw_graph(z, collapse="inputs", max_nodes=100)


def test_a_graph_with_a_wide_node_and_a_long_chain_is_told_the_fold_that_draws_it_smaller() -> None:
    """Since a lone wide neuron was told collapse='inputs', any node with more than 8 leaf
    inputs made every big drawing's advice 'inputs': a sum of 10 leaves beside a chain of
    80 ops was told 'inputs' (which boxes those 10 leaves and leaves the chain as it was,
    the picture as big as unfolded), where 'expr' folds the chain's values used once. The
    advice names the fold that folds more; the oracle is the drawings' areas, measured."""
    t = Value(0.1, label="t")
    for _ in range(40):
        t = (t * 1.01).tanh()
    z = vsum([Value(0.01 * k, label=f"x{k}") for k in range(10)]) + t
    unfolded = draw_graph(z)

    def area(svg: str) -> float:
        (w, h) = (float(re.findall(rf'{d}="([\d.]+)px"', svg)[0]) for d in ("width", "height"))
        return w * h

    areas = {c: area(draw_graph(z, collapse=c).svg()) for c in ("inputs", "expr")}
    assert areas["expr"] < 0.5 * areas["inputs"]  # what the advice must follow
    notes = [t for t in texts(unfolded.svg()) if "collapse=" in t]
    assert notes == [
        "a big drawing: collapse='expr' folds each value used only once into the value that uses it"
    ]
    assert unfolded.folds == ("expr",)
    with pytest.raises(draw_module.TooManyNodes, match="pass collapse='expr'"):
        draw_graph(z, max_nodes=100)


def test_a_single_leaf_input_is_drawn_as_itself_not_folded() -> None:
    """A neuron on Value inputs: collapse="inputs" folds its 12 weights and 12 inputs,
    each into a box, and draws the bias — the one leaf left — as its own value box
    (a box "1 input" said less than the bias itself)."""
    ws = [Value(0.1 * i - 0.5) for i in range(12)]
    xs = [Value(float(i)) for i in range(12)]
    b = Value(0.25, label="b")
    z = dot(ws, xs, b)
    z.backward()
    words = texts(draw_graph(z, collapse="inputs").svg())
    assert "12 w" in words and "12 x" in words
    assert "w" not in words and "x" not in words  # unnamed: not "12 w | w"
    assert not any("1 input" in w for w in words)
    assert "b" in words and "data 0.2500" in words and "grad 1.000" in words


def test_the_backward_view_refuses_a_gradient_the_engine_refuses() -> None:
    """The backward view runs its own pass; it drew "grad nan" at the origin of
    √(x² + y²), whose partial derivatives do not exist, and "grad inf" for an overflowing
    gradient, where backward() raises. Oracle: the engine's own refusal, same class."""
    from autograd_mini.errors import InfiniteDerivative, NonFiniteGradient

    x, y = Value(0.0, label="x"), Value(0.0, label="y")
    r = (x * x + y * y) ** 0.5
    with pytest.raises(InfiniteDerivative):
        r.backward()
    with pytest.raises(InfiniteDerivative, match="draw_graph: pow"):
        draw_graph(r, view="backward")
    z = Value(1e-300, label="z")
    big = (z * 1e300) * 1e300
    with pytest.raises(NonFiniteGradient):
        big.backward()
    with pytest.raises(NonFiniteGradient, match="draw_graph: the gradient of node 'z'"):
        draw_graph(big, view="backward")


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("en", "undefined: an infinite slope inside"), ("zh", "无定义：内部有无穷大的导数")],  # noqa: RUF001
)
def test_a_folded_derivative_through_zero_times_infinity_is_not_drawn_as_nan(
    language: str, phrase: str
) -> None:
    """√(0·x)·y + y folded into one box: its ∂/∂x meets 0 × ∞ (the slope of √ at 0)
    and was drawn "nan". Oracles: the engine refuses that chain (backward raises), and
    ∂/∂y = √0 + 1 = 1 by hand."""
    from autograd_mini import picture_language
    from autograd_mini.errors import InfiniteDerivative

    x, y = Value(1.0, label="x"), Value(2.0, label="y")
    e = (x * 0.0).sqrt() * y + y
    with picture_language(language):
        words = texts(draw_graph(e, collapse="expr").svg())
    assert phrase in words and "1.000" in words
    assert not any("nan" in w for w in words)
    with pytest.raises(InfiniteDerivative):
        e.backward()


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_unlabelled_terms_of_a_neuron_are_named_as_in_its_formula(view: str) -> None:
    """nn's neurons leave their weights and bias unlabelled, and the table of
    z = Σₖ wₖ·aₖ + b showed each as "·": they read w₁, w₂ and b now, as the formula
    above them names them. Oracle: the model's own weights in their rows."""
    import nn

    model = nn.MLP(2, [1], seed=0)
    neuron = model.layers[0].neurons[0]
    out = model([Value(0.5, label="x1"), Value(-1.0, label="x2")])
    out.backward()
    words = texts(draw_graph(out, view=view).svg())
    assert "·" not in words
    if view == "forward":
        assert {"w₁", "w₂", "b"} <= set(words)
        for w in neuron.w:  # its data beside its name, in the name's row
            assert sig(w.data) in words
    else:
        # ∂z/∂w₁ = x1 = 0.5, ∂z/∂w₂ = x2 = −1, ∂z/∂b = 1, each × the gradient at z
        dz = neuron.b.grad
        assert any(w.startswith(f"w₁: × 0.5000 = {sig(0.5 * dz)}") for w in words)
        assert any(w.startswith(f"w₂: × -1.000 = {sig(-dz)}") for w in words)
        assert any(w.startswith(f"b: × 1.000 = {sig(dz)}") for w in words)


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_neuron_fed_floats_names_its_weights_and_bias(view: str) -> None:
    """A neuron fed a row of floats (nn's layers, given a data row) holds its inputs as
    constants beside its weights: its table read "1 × · 0.2133", every weight and the
    bias a "·", and draw_step's caption "z → ·". They read w₁, w₂, w₃ and b, as the
    formula above them names them. Oracle: the model's own weights, and the inputs
    (∂z/∂wₖ = xₖ, ∂z/∂b = 1)."""
    import nn

    xs = [1.0, -2.0, 0.5]
    model = nn.MLP(3, [1], seed=0)
    neuron = model.layers[0].neurons[0]
    out = model(xs)
    assert isinstance(out, Value)
    out.backward()
    words = texts(draw_graph(out, view=view).svg())
    assert "·" not in words
    if view == "forward":
        assert {"w₁", "w₂", "w₃", "b"} <= set(words)
        for w in neuron.w:
            assert sig(w.data) in words
    else:
        for k, x in enumerate(xs):
            name = "w" + "₁₂₃"[k]
            assert any(w.startswith(f"{name}: × {sig(x)} = {sig(x)}") for w in words), words
        assert any(w.startswith("b: × 1.000 = 1.000") for w in words)
    captions = [draw_step(out, i, view=view).source for i in range(4)]
    for i, name in enumerate(["w₁", "w₂", "w₃", "b"]):
        assert f"step {i + 1}: z → {name}: local" in captions[i]


# --------------------------------------------------------------------------- every root

COLLAPSES = [None, "expr", "inputs", "neuron", "layer"]


def point(case: Case) -> list[Value]:
    """The row's inputs at the middle of their domains (0.7 for a domain around 0),
    labelled a, b, c, d as the row's sympy symbols."""
    return [Value((d.lo + d.hi) / 2 or 0.7, label="abcd"[i]) for i, d in enumerate(case.domains)]


@pytest.mark.parametrize("view", ["forward", "backward"])
@pytest.mark.parametrize("collapse", COLLAPSES)
@pytest.mark.parametrize("case", [*CASES, None], ids=[*CASE_IDS, "leaf"])
def test_every_op_of_the_table_is_drawn_as_the_root(
    case: Case | None, collapse: str | None, view: str
) -> None:
    """collapse='expr' raised KeyError whenever the root was a ``dot`` (the edges of the
    leaves its table holds named boxes never drawn). Every row of the op table (which
    makes every op, see test_ops.py), and a leaf, is drawn as the root in every fold and
    both views, its inputs folded too (collapse_threshold=1): the picture renders and
    names the root. Oracles: the row's sympy value, the seed 1 of a backward pass; the
    layer fold, which draws a dot in its layer's box, gives its value as the layer's
    output."""
    if case is None:
        root, want = Value(1.5), 1.5
    else:
        xs = point(case)
        root = case.fn(*xs)
        want = float(case.oracle(*(x.data for x in xs))[0])
    root.label = "root"
    graph = draw_graph(root, collapse=collapse, view=view, rankdir="LR", collapse_threshold=1)
    words = texts(graph.svg())
    if collapse == "layer" and root.op == "dot":
        shown = [w.removeprefix("outputs a: ") for w in words if w.startswith("outputs a: ")]
        assert len(shown) == 1 and float(shown[0]) == pytest.approx(want, rel=1e-3, abs=1e-12)
        return
    assert "root" in words, words
    beside = words[words.index("root") + 1]
    if view == "forward":
        assert beside.startswith("data "), words
        assert float(beside.removeprefix("data ")) == pytest.approx(want, rel=1e-3, abs=1e-12)
    else:
        assert re.fullmatch(r"grad 1(\.000)? \(seed\)", beside), words


@pytest.mark.parametrize("view", ["forward", "backward"])
@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("dot")], ids=str)
def test_a_dot_with_nothing_to_fold_draws_under_collapse_expr_as_unfolded(
    case: Case, view: str
) -> None:
    """A dot over leaves has nothing that collapse='expr' folds (leaves and the root
    stay), so it is drawn as without a fold — it raised KeyError. Oracle: the picture
    drawn with collapse=None."""
    root = case.fn(*point(case))
    assert draw_graph(root, collapse="expr", view=view).source == draw_graph(root, view=view).source


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_collapse_expr_folds_a_network_whose_output_is_a_dot(view: str) -> None:
    """nn.MLP(2, [3, 1])'s output is a dot (a linear output layer), and collapse='expr'
    raised KeyError on it. Every inner value is used once, so the network folds into its
    output. Oracles: the op count by hand (three hidden neurons, a dot and a relu each,
    and the output's dot); the engine's forward and backward pass."""
    import nn

    model = nn.MLP(2, [3, 1], seed=0)
    out = model([1.0, 2.0])
    out.backward()
    out.label = "out"
    words = texts(draw_graph(out, collapse="expr", view=view, rankdir="LR").svg())
    beside = words[words.index("out") + 1]
    if view == "forward":
        assert "7 ops folded: 4 dot, 3 relu" in words
        assert beside == f"data {sig(out.data)}"
    else:
        assert beside == "grad 1.000 (seed)"
    for p in model.parameters():
        assert f"grad {sig(p.grad)}" in words


def edge_labels(svg: str) -> list[str]:
    """Each edge's label, sorted (an edge without one: "")."""
    out = []
    for g in groups(svg, "edge"):
        text = next(g.iter(f"{SVG}text"), None)
        out.append("" if text is None else "".join(text.itertext()).strip())
    return sorted(out)


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_collapse_expr_keeps_the_edges_of_inputs_whose_paths_carry_zero(view: str) -> None:
    """A value whose every path into a folded expression carries a zero gradient (the
    inputs of a ReLU that is off) got no edge under collapse='expr': its box stood
    unconnected, 6 of nn.MLP(2, [3, 1])'s 13 parameters (two hidden ReLUs off). Each
    input keeps one edge, reading its ∂out/∂p, 0 there. Oracles: by hand for
    relu(x·w) + c at x·w = −2 (0, 0, 1); the engine's backward() for the network."""
    import nn

    x, w, c = Value(-1.0, label="x"), Value(2.0, label="w"), Value(3.0, label="c")
    y = (x * w).relu() + c
    svg = draw_graph(y, collapse="expr", view=view, rankdir="LR").svg()
    if view == "forward":  # and the edge of the op's box into y
        assert edge_labels(svg) == ["", "0", "0", "1.000"]
    else:
        assert edge_labels(svg) == ["× 0 = 0", "× 0 = 0", "× 1.000 = 1.000"]

    model = nn.MLP(2, [3, 1], seed=0)
    out = model([1.0, 2.0])
    out.backward()
    params = model.parameters()
    assert sum(p.grad == 0.0 for p in params) >= 6  # the dead neurons' weights and biases
    svg = draw_graph(out, collapse="expr", view=view, rankdir="LR").svg()
    if view == "forward":
        assert edge_labels(svg) == sorted(["", *(sig(p.grad) for p in params)])
    else:  # × ∂out/∂p = the contribution, from the seed 1
        assert edge_labels(svg) == sorted(f"× {sig(p.grad)} = {sig(p.grad)}" for p in params)


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_collapse_expr_draws_a_dot_used_twice_as_its_table(view: str) -> None:
    """A dot used twice stays under collapse='expr' and is drawn as its table, its
    private leaves in the rows; their edges named boxes never drawn (KeyError). Oracle:
    its labels and the formula's data by hand, 1·3 + 2·4 + 0.5 = 11.5, y = 11.5²."""
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    z = dot([a, b], [Value(3.0, label="c"), Value(4.0, label="d")], Value(0.5, label="e"))
    z.label = "z"
    y = z * z + z.tanh()
    y.label = "y"
    words = texts(draw_graph(y, collapse="expr", view=view).svg())
    assert {"z", "y"} <= set(words)
    if view == "forward":
        assert {"a", "b", "c", "d", "e"} <= set(words)
        assert "z = Σₖ wₖ·aₖ + b" in words and "data 11.50" in words
        assert f"data {sig(11.5**2 + math.tanh(11.5))}" in words
    else:  # ∂z/∂a = c = 3, ∂z/∂c = a = 1, ∂z/∂e = 1 in the rows, × ∂y/∂z
        dz = 2 * 11.5 + 1 - math.tanh(11.5) ** 2
        for row in (f"a: × 3.000 = {sig(3 * dz)}", f"c: × 1.000 = {sig(dz)}"):
            assert row in words
        assert f"e: × 1.000 = {sig(dz)}" in words


def _layer_titles(src: str) -> list[str]:
    """The first line of every layer box and the label of every neuron cluster."""
    boxes = [a + b for a, b in re.findall(r"<B>(layer \d+)</B>([^<]*)</TD>", src)]
    return sorted(boxes + re.findall(r'label="(layer \d+ · neuron \d+)"', src))


def test_the_layer_view_draws_model_layers_and_their_labelled_inputs() -> None:
    """collapse='layer' of a 2-3-2 MLP under the loss L = Σ eₖ·eₖ (nn's squared error
    is such a dot) drew L as "layer 3: 1 neuron, activation none", and the labelled
    inputs x1 and x2 not at all (layer 1 had no edge in); collapse='neuron' called L
    "layer 3 · neuron 1". A layer is now the model's (a dot with weights), L is drawn
    as its own formula, and each labelled input as its own box, its one value carried
    into layer 1. With an L2 penalty over the weights, the penalty was counted as a
    fourth neuron of layer 1 and some weights drawn loose; each layer now keeps its
    parameters and the penalty reads them from the layer boxes. Oracle: the model's own
    widths and parameter counts, and the inputs' numbers."""
    import nn

    model = nn.MLP(2, [3, 2], seed=0)
    x1, x2 = Value(0.5, label="x1"), Value(-1.0, label="x2")
    out = model([x1, x2])
    assert isinstance(out, list)
    targets = [Value(1.0, label="t1"), Value(0.0, label="t2")]
    errors = [o - t for o, t in zip(out, targets, strict=True)]
    loss = dot(errors, errors)
    loss.label = "L"
    loss.backward()
    src = draw_graph(loss, collapse="layer").source.replace("\u00a0", "")  # LABEL_GAP
    want = ["layer 1: 3 neurons, activation ReLU", "layer 2: 2 neurons, activation none"]
    assert _layer_titles(src) == want
    words = texts(draw_graph(loss, collapse="layer").svg())
    for x in (x1, x2):
        box = words.index(x.label)
        assert words[box + 1] == f"data {sig(x.data)}", words
        node = re.search(rf"(v\d+) \[label=<.*?<B>{x.label}</B>", src)
        assert node is not None and f'{node[1]} -> L1 [label="1 value"]' in src
    assert "L = Σₖ uₖ·vₖ" in words and "L = Σₖ wₖ·aₖ" not in words
    clusters = _layer_titles(draw_graph(loss, collapse="neuron").source)
    assert clusters == [f"layer 1 · neuron {k}" for k in (1, 2, 3)] + [
        f"layer 2 · neuron {k}" for k in (1, 2)
    ]
    # a penalty over the weights is not a neuron, and takes no parameter out of a layer
    first, second = model([x1, x2])
    cost = (first - 1.0) ** 2 + second**2 + nn.l2_penalty(model.weights(), 0.1)
    cost.backward()
    src = draw_graph(cost, collapse="layer").source.replace("\u00a0", "")  # LABEL_GAP
    plain = re.sub(r"<[^>]*>", "", html.unescape(src))
    assert _layer_titles(src) == want
    counts = [len(layer.parameters()) for layer in model.layers]  # 2·3 + 3, 3·2 + 2
    assert counts == [9, 8]
    for n in counts:
        assert f"{n} parameters, data" in plain
    widths = [len(layer.weights()) for layer in model.layers]
    penalty = re.findall(r'(L\d) -> (v\d+op) \[label="(\d+) values"\]', src)
    assert sorted((tail, int(n)) for tail, _, n in penalty) == [
        ("L1", widths[0]),
        ("L2", widths[1]),
    ]
    assert len({head for _, head, _ in penalty}) == 1  # one node: the penalty's Σ


def test_the_backward_view_of_a_result_computed_inside_no_grad_is_refused() -> None:
    """Its own pass found no graph below the result and drew one lone box "grad 1.000
    (seed)" with no note, where draw_step and the player refuse it (NoGraph)."""
    from autograd_mini import NoGraph, no_grad

    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    with no_grad():
        z = x * w
    with pytest.raises(NoGraph, match=r"^draw_graph: .*computed inside no_grad\(\)") as caught:
        draw_graph(z, view="backward")
    # said of a drawing (it spoke of "the Value to differentiate", and of transforms)
    assert str(caught.value).startswith("draw_graph: the Value drawn with its backward pass")
    assert "transform" not in str(caught.value)
    assert "6.000" in draw_graph(z).source  # the forward view draws its number, as before
    assert draw_graph(x, view="backward").node_count == 1  # a leaf: its gradient is the seed


def test_save_into_a_missing_folder_or_onto_a_folder_says_so(tmp_path: Path) -> None:
    """Graph.save('nodir/a.svg') raised the write's raw FileNotFoundError; save('somedir')
    said "unknown format ''"."""
    x = Value(2.0, label="x")
    graph = draw_graph(x * 3.0)
    with pytest.raises(FileNotFoundError, match=r"^Graph\.save: cannot write .*there is no folder"):
        graph.save(tmp_path / "nodir" / "a.svg")
    (tmp_path / "somedir").mkdir()
    for folder in (tmp_path / "somedir", f"{tmp_path / 'somedir'}/"):
        with pytest.raises(IsADirectoryError, match=r"^Graph\.save: .* is a folder, not a file"):
            graph.save(folder)
    assert graph.save(tmp_path / "somedir" / "a.dot").read_text(encoding="utf-8") == graph.source


@pytest.mark.parametrize(
    ("name", "fmt", "said"),
    [
        ("a.svg", "png", "'{path}' ends in .svg, a name for SVG, and fmt='png' would write PNG"),
        ("a.PNG", "dot", "'{path}' ends in .PNG, a name for PNG, and fmt='dot' would write DOT"),
        ("a.gv", "svg", "'{path}' ends in .gv, a name for DOT, and fmt='svg' would write SVG"),
        # quoted as given (it said fmt='dot'): "gv" is dot's other name
        (
            "a.svg",
            "gv",
            "a name for SVG, and fmt='gv' would write DOT into it: give the file a .dot",
        ),
    ],
)
def test_save_refuses_a_suffix_naming_another_format(
    name: str, fmt: str, said: str, tmp_path: Path
) -> None:
    """`g.save("a.svg", fmt="png")` wrote a PNG named .svg (a browser shows a broken
    picture), which the command line refuses: the library refuses it too, by the same
    check (FormatMismatch, a ValueError). Oracle: the PNG signature and the texts."""
    from autograd_mini.render import FormatMismatch

    g = draw_graph(neuron()[0])
    target = tmp_path / name
    with pytest.raises(FormatMismatch, match=re.escape(said.format(path=target))):
        g.save(target, fmt=fmt)
    assert not target.exists()
    # a suffix that agrees (in any case), and a name without a picture suffix, are written
    assert g.save(tmp_path / "b.PNG", fmt="png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert g.save(tmp_path / "b.bin", fmt="dot").read_text(encoding="utf-8") == g.source
    assert g.save(tmp_path / "b.gv", fmt="dot").read_text(encoding="utf-8") == g.source


@pytest.mark.parametrize("suffix", ["jpg", "JPEG", "gif", "pdf", "webp"])
def test_save_refuses_the_suffix_of_a_picture_format_it_does_not_write(
    suffix: str, tmp_path: Path
) -> None:
    """`g.save("a.jpg", fmt="png")` wrote a PNG named .jpg: only .svg/.png/.dot/.gv were
    known as picture names. A picture suffix that is not the format is refused, with no
    "or leave fmt out" (a .jpg has no format here); a suffix naming no picture (.out, or
    none) is still written. Oracle: the name typed, and the PNG signature."""
    from autograd_mini.render import FormatMismatch

    g = draw_graph(neuron()[0])
    target = tmp_path / f"a.{suffix}"
    with pytest.raises(FormatMismatch) as caught:
        g.save(target, fmt="png")
    assert str(caught.value) == (
        f"Graph.save: {str(target)!r} ends in .{suffix}, a name for {suffix.upper()}, and "
        "fmt='png' would write PNG into it: give the file a .png name"
    )
    assert not target.exists()
    for name in ("a.out", "a"):
        assert g.save(tmp_path / name, fmt="png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
