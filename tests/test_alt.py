"""The site's alt text (docs/alt.py), read back from pictures whose content is known.

Oracles: the expression each test builds by hand (its values, labels, operations and
root), the strings a cell's code passes to matplotlib, and the heading above a cell.
The built pages themselves are checked in tests/test_site.py.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from labelled_neuron import neuron

from autograd_mini import Value, draw_graph, picture_language
from docs import build, kernel
from docs.alt import ManyPictures, box_name, describe_pictures, graph_alt, plot_alt


@pytest.mark.parametrize("view", ["forward", "backward"])
def test_a_graph_is_described_by_its_root_values_and_operations(view: str) -> None:
    """The root is o in both views (the backward view's edges run from it)."""
    alt = graph_alt(draw_graph(neuron(), view=view).svg(), "en")
    assert alt is not None
    match = re.fullmatch(r"Computation graph of (\w+): (\d+) values \((.*) named\)(.*)", alt)
    assert match, alt
    root, count, named, rest = match.groups()
    assert (root, count) == ("o", "6")
    assert set(named.split(", ")) == {"x", "w", "b", "xw", "n", "o"}
    if view == "forward":
        ops = re.fullmatch(
            r", joined by the operations (.*); each box shows a value's data and grad\.", rest
        )
        assert ops and set(ops[1].split(", ")) == {"×", "+", "tanh"}, rest
    else:  # the backward view draws no operation nodes, and no data
        assert rest == "; each box shows a value's grad.", rest


def test_a_chinese_graph_is_described_in_chinese() -> None:
    with picture_language("zh"):
        svg = draw_graph(neuron(), title="一个神经元").svg()
    alt = graph_alt(svg, "zh")
    assert alt is not None
    assert alt.startswith("一个神经元。o 的计算图：6 个值（有名字的：")  # the title first
    assert "每个方框写着值的 data 和 grad。" in alt


def test_an_svg_that_is_no_graph_of_the_library_is_not_described_as_one() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><g class="graph"><text>hi</text></g></svg>'
    assert graph_alt(svg, "en") is None
    assert graph_alt("<svg", "en") is None


PLOT = """
fig, (left, right) = plt.subplots(1, 2)
left.plot(h, error)
left.set_xlabel("step $h$")
left.set_ylabel("$|\\\\partial C/\\\\partial w_1|$")
left.set_title("Rounding against truncation")
right.set_title(str(n))  # neither a constant nor an f-string: nothing to read
plt.show()
"""


def test_a_plot_is_described_by_the_titles_and_axes_its_code_gives() -> None:
    assert plot_alt(PLOT, "Any section", "en") == (
        "Plot: Rounding against truncation. Horizontal axis: step h; vertical axis: |∂C/∂w_1|."
    )
    assert plot_alt(PLOT, None, "zh") == (
        "图：Rounding against truncation。横轴：step h；纵轴：|∂C/∂w_1|。"
    )


def test_an_f_string_title_is_read_with_its_expressions_as_written() -> None:
    """An f-string title was dropped: the plot was described by its axes alone. Its
    constant parts are read as they are and each expression as its source (its format
    left out): what the code says, the value it had being unknown to the build."""
    code = (
        'ax.set_title(f"lr = {lr}")\n'
        'ax.set_xlabel(f"step (of {len(steps)})")\n'
        'fig.suptitle(f"{name}: accuracy {acc:.1%}\\nafter {n!r} epochs")\n'
    )
    assert plot_alt(code, "Any section", "en") == (
        "Plot: lr = lr; name: accuracy acc after n epochs. Horizontal axis: step (of len(steps))."
    )
    assert plot_alt('ax.set_title(f"学习率 {lr}")\n', None, "zh") == "图：学习率 lr。"


def test_a_plot_with_no_words_in_its_code_is_named_by_its_section() -> None:
    code = "fig, ax = plt.subplots()\nax.imshow(pixels)\nax.set_title(str(label))\n"
    assert plot_alt(code, "5. Handwritten digits", "en") == (
        "Plot of the section “5. Handwritten digits”."
    )
    assert plot_alt(code, "5. 手写数字", "zh") == "“5. 手写数字”一节的图。"


def test_describe_pictures_writes_the_output_and_the_cells_alt() -> None:
    """nbconvert reads an output's ``alt``, myst-nb the cell's ``mystnb.image.alt``; a
    cell's own alt wins; the section is the heading above."""
    png = "iVBORw0KGgo="
    node = nbformat.v4.new_notebook()
    node.cells = [
        nbformat.v4.new_markdown_cell("## 2. The digits\n\nSome text."),
        nbformat.v4.new_code_cell("ax.imshow(x)"),
        nbformat.v4.new_code_cell("ax.imshow(x)"),
    ]
    for cell in node.cells[1:]:
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png})]
    node.cells[2].metadata["mystnb"] = {"image": {"alt": "Ten handwritten digits."}}
    describe_pictures(node, "en")
    first, second = node.cells[1], node.cells[2]
    assert first.outputs[0].metadata["image/png"]["alt"] == "Plot of the section “2. The digits”."
    assert first.metadata["mystnb"]["image"]["alt"] == "Plot of the section “2. The digits”."
    assert second.outputs[0].metadata["image/png"]["alt"] == "Ten handwritten digits."
    assert second.metadata["mystnb"]["image"]["alt"] == "Ten handwritten digits."


def two_pictures() -> nbformat.NotebookNode:
    """A notebook whose one code cell draws two plots, text between them."""
    png = "iVBORw0KGgo="
    node = nbformat.v4.new_notebook()
    node.cells = [nbformat.v4.new_code_cell("show(left)\nshow(right)")]
    node.cells[0].outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": png}),
        nbformat.v4.new_output("stream", text="between\n"),
        nbformat.v4.new_output("display_data", data={"image/png": png}),
    ]
    return node


def test_a_cell_that_draws_two_pictures_fails_the_build_naming_its_notebook() -> None:
    """myst-nb gives every picture of a cell the cell's one alt: two pictures in a cell
    were each described by both descriptions joined. Such a cell is refused, naming the
    cell and what to do; the build names the notebook. One picture is still described."""
    with pytest.raises(ManyPictures, match=r"starts 'show\(left\)' draws 2 pictures.*of its own"):
        describe_pictures(two_pictures(), "en")
    nb = build.Notebook(build.NOTEBOOKS / "99_two_pictures.ipynb", "en")
    with pytest.raises(build.BuildError, match=r"^notebooks/99_two_pictures\.ipynb: the code"):
        build.describe(nb, two_pictures())
    one = two_pictures()
    one.cells[0].outputs.pop()
    build.describe(nb, one)
    assert one.cells[0].metadata["mystnb"]["image"]["alt"] == "Plot."


def test_a_plot_run_on_the_site_s_kernel_is_described_by_the_words_it_shows(
    inline_kernel_per_test: None,
) -> None:
    """Notebook 04's plots were described by their titles' code: "name: wrong.sum()
    misclassified accuracy after training acc", "the other start.num_parameters() - 2
    fixed". Run on the kernel
    the site's build runs, a plot carries the words it shows; the oracle is the numbers
    the cell's expressions come to, worked out here (2 + 1 = 3; 0.5 as a percentage)."""
    node = nbformat.v4.new_notebook()
    node.cells = [
        nbformat.v4.new_markdown_cell("## 4. 双月数据"),
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "name, wrong, acc = '全批量', [1, 2], 0.5\n"
            "fig, ax = plt.subplots()\n"
            "ax.set_title(f'{name}：分错 {sum(wrong)} 个点\\n训练后准确率 {acc:.0%}')\n"
            "ax.set_xlabel('$x_1$')\n"
            "plt.show()\n"
        ),
    ]
    kernel.execute(node, timeout=120)
    describe_pictures(node, "zh")
    assert node.cells[1].metadata["mystnb"]["image"]["alt"] == (
        "图：全批量：分错 3 个点，训练后准确率 50%。横轴：x_1。"
    )


def test_the_site_s_kernel_imports_matplotlib_only_for_a_notebook_that_plots(
    inline_kernel_per_test: None,
) -> None:
    """The kernel's hook imported the inline backend at start-up, and with it matplotlib
    and pyplot: every kernel started in ≈ 2 s instead of ≈ 1 s (the build's and every
    notebook test's), a notebook that never plots (00) included. The backend is wrapped
    when the notebook imports it, and a plot drawn later is still described by its words."""
    node = nbformat.v4.new_notebook()
    node.cells = [
        nbformat.v4.new_code_cell(
            "import sys\nprint(sorted(m for m in sys.modules if 'matplotlib' in m))"
        ),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nn = 2"),
        nbformat.v4.new_code_cell("plt.plot([1, 2])\nplt.title(f'{n} points')\nplt.show()"),
    ]
    kernel.execute(node, timeout=120)
    assert node.cells[0].outputs[0]["text"] == "[]\n"
    describe_pictures(node, "en")
    assert node.cells[2].metadata["mystnb"]["image"]["alt"] == "Plot: 2 points."


def test_a_figure_shown_again_is_described_by_its_own_words(inline_kernel_per_test: None) -> None:
    """A figure shown a second time (a cell ending in ``fig``, or ``display(fig)``)
    recorded no words: only pyplot's show was hooked, and its alt text fell back to
    the cell's code ("Plot: fig."). Each display records the figure's words as they are
    then, and a figure's words do not leak into another's. Oracle: the titles and
    labels the cells set."""
    from docs.plot_words import KEY

    node = nbformat.v4.new_notebook()
    node.cells = [
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nn = 2"),
        nbformat.v4.new_code_cell(
            "fig, ax = plt.subplots()\nax.plot([1, 2])\nax.set_title(f'{n} points')\nplt.show()"
        ),
        nbformat.v4.new_code_cell("ax.set_title(f'{n + 1} points')\nfig"),
        nbformat.v4.new_code_cell("other = plt.figure()\nother.gca().set_xlabel('u')\nplt.show()"),
        nbformat.v4.new_code_cell("display(fig)"),
    ]
    kernel.execute(node, timeout=120)
    describe_pictures(node, "en")
    words = [[o["metadata"].get(KEY) for o in cell.outputs] for cell in node.cells[1:]]
    none: dict[str, list[str]] = {"title": [], "x": [], "y": [], "colour": []}
    assert words == [
        [{**none, "title": ["2 points"]}],
        [{**none, "title": ["3 points"]}],
        [{**none, "x": ["u"]}],
        [{**none, "title": ["3 points"]}],
    ]
    alts = [cell.metadata["mystnb"]["image"]["alt"] for cell in node.cells[1:]]
    assert alts == [
        "Plot: 2 points.",
        "Plot: 3 points.",
        "Plot: horizontal axis: u.",
        "Plot: 3 points.",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_plot_s_drawn_words_name_every_panel_and_its_colour_bar_as_one(lang: str) -> None:
    """Notebook 04's eight mistakes (two of them "1 → 9") were described as seven: each
    title was kept once. Its contour's colour bar, labelled "cost C", was read as a
    second name of the vertical axis ("vertical axis: v: weight …, cost C")."""
    from matplotlib.figure import Figure  # no pyplot: no backend, no figure left open

    from docs.plot_words import figure_words

    fig = Figure()
    axes = fig.subplots(1, 3)
    for ax, title in zip(axes, ["1 → 9", "1 → 9", "3 → 0"], strict=True):
        ax.set_title(title)
    fig.suptitle("some mistakes")
    mistakes = figure_words(fig)
    fig = Figure()
    ax = fig.subplots()
    shown = ax.contourf([[0, 1], [1, 2]])
    ax.set_xlabel("u")
    ax.set_ylabel("v")
    fig.colorbar(shown, ax=ax).set_label("cost C")
    contour = figure_words(fig)
    assert plot_alt("", None, "en", mistakes) == "Plot: some mistakes; 1 → 9; 1 → 9; 3 → 0."
    assert (
        plot_alt("", None, lang, contour)
        == {
            "en": "Plot: horizontal axis: u; vertical axis: v; colour bar: cost C.",
            "zh": "图：横轴：u；纵轴：v；颜色条：cost C。",
        }[lang]
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_picture_s_box_is_named_by_the_head_of_its_alt_not_the_whole(lang: str) -> None:
    """A box that scrolls is a region a screen reader names before it reads the picture:
    named by the whole alt (build.graph_boxes), each description was heard twice. Its
    name is the alt's head, in the alt's language, and plots with no title are told apart
    by their axes. Oracle: graphs and plots built by hand, their names written by hand."""
    with picture_language(lang):
        out = Value(2.0, label="x") * Value(3.0, label="w")
        out.label = "out"
        graph = graph_alt(draw_graph(out).svg(), lang)
    assert graph is not None
    titled = plot_alt('ax.set_title("Loss")\nax.set_xlabel("epoch")', None, lang)
    untitled = plot_alt('plt.xlabel("x")\nplt.ylabel("f(x)")', None, lang)
    bare = plot_alt("plt.plot(xs)", "Data", lang)
    names = [box_name(alt) for alt in (graph, titled, untitled, bare)]
    if lang == "zh":
        assert names == ["out 的计算图", "图：Loss", "图：f(x) 随 x 变化", "“Data”一节的图"]
    else:
        assert names == [
            "Computation graph of out",
            "Plot: Loss",
            "Plot of f(x) against x",
            "Plot of the section “Data”",
        ]
    assert box_name("The first ten training digits, 8 by 8 grey pixels") == (
        "The first ten training digits"
    )
    assert box_name("训练集的前十张图像：8×8 像素的灰度手写数字，上方是各自的标签。") == (
        "训练集的前十张图像：8×8 像素的灰度手写数字"
    )
