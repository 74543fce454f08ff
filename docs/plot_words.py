"""The words a plot shows, recorded with its picture while the site's notebooks run.

A PNG holds no text, and a cell's code holds only the expressions its titles are made
from: ``set_title(f"{name}: {wrong.sum()} misclassified")`` described the plot as "name:
wrong.sum() misclassified", where the picture says "full batch: 13 misclassified". The
site's kernel (:func:`install`, run by the kernelspec docs/build.py writes, once the
kernel's shell is up) adds to each figure the shell displays its titles and axis
labels, as matplotlib drew them, under the output's metadata key :data:`KEY`;
docs/alt.py reads them there.

This file is run on its own in the kernel (``runpy.run_path``): it imports nothing of the
project.
"""

from __future__ import annotations

from typing import Any

KEY = "agm_plot_words"


def figure_words(fig: Any) -> dict[str, list[str]]:
    """The figure's titles (its suptitle first, then each axes' titles, left to right:
    two panels titled alike are two titles), its axes' x and y labels (each once) and
    its colour bars' labels (``colour``); empty ones left out."""
    found: dict[str, list[str]] = {"title": [], "x": [], "y": [], "colour": []}

    def add(role: str, text: str, once: bool = True) -> None:
        if text.strip() and not (once and text in found[role]):
            found[role].append(text)

    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None:
        add("title", suptitle.get_text())
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            add("title", ax.get_title(loc=loc), once=False)
        bar = getattr(ax, "_colorbar", None)  # a colour bar's label names the colours
        if bar is not None:
            add("colour", ax.get_xlabel() if bar.orientation == "horizontal" else ax.get_ylabel())
            continue
        add("x", ax.get_xlabel())
        add("y", ax.get_ylabel())
    return found


def install() -> None:
    """Make the shell give each figure it displays its words (:func:`figure_words`),
    in the metadata of the output, which IPython writes into the notebook.

    The shell's display formatter (IPython's public hook, through which a figure is
    shown whichever way: pyplot's ``show``, a figure as a cell's last expression,
    ``display(fig)``) adds them to the metadata of any figure. The private hook of
    matplotlib-inline wrapped before (``_fetch_figure_metadata``) was called for a
    figure pyplot shows, not for one shown again (the same figure displayed twice got
    no words, and its alt text fell back to the cell's code). Nothing is imported
    here: a notebook that never plots does not import matplotlib (its start-up was
    ≈ 1 s longer); a figure is known by its class once matplotlib is loaded."""
    import sys

    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter
    format_ = formatter.format

    def with_words(obj: Any, *args: Any, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        data, metadata = format_(obj, *args, **kwargs)
        figure = sys.modules.get("matplotlib.figure")
        if data and figure is not None and isinstance(obj, figure.Figure):
            metadata = {**metadata, KEY: figure_words(obj)}  # each figure its own words
        return data, metadata

    formatter.format = with_words
