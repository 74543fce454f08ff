"""The words a plot shows, recorded with its picture while the site's notebooks run.

A PNG holds no text, and a cell's code holds only the expressions its titles are made
from: ``set_title(f"{name}: {wrong.sum()} misclassified")`` described the plot as "name:
wrong.sum() misclassified", where the picture says "full batch: 13 misclassified". The
site's kernel (:func:`install`, run by the kernelspec docs/build.py writes, once the
kernel's shell is up: the inline backend joins the shell when imported) adds to each
figure the inline backend displays its titles and axis labels, as matplotlib drew them,
under the output's metadata key :data:`KEY`; docs/alt.py reads them there.

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


INLINE = "matplotlib_inline.backend_inline"


def install() -> None:
    """Make the inline backend give each figure's words with its picture (the metadata
    it displays a figure with, which IPython writes into the output's metadata), where
    the installed matplotlib-inline has the hook this wraps.

    The backend is wrapped when something first imports it (pyplot does), not here: it
    imports matplotlib and pyplot, which doubled the start-up of every kernel (≈ 1 s), a
    notebook that never plots included."""
    import sys

    if INLINE in sys.modules:
        _wrap(sys.modules[INLINE])
        return

    class Finder:  # on the first import of the backend, wraps it once it has run
        @staticmethod
        def find_spec(name: str, path: Any = None, target: Any = None) -> Any:
            if name != INLINE:
                return None
            sys.meta_path.remove(Finder)
            from importlib.util import find_spec

            spec = find_spec(name)
            loader: Any = spec and spec.loader
            if not hasattr(loader, "exec_module"):
                return spec
            run = loader.exec_module

            def run_and_wrap(module: Any) -> None:
                run(module)
                _wrap(module)

            loader.exec_module = run_and_wrap
            return spec

    sys.meta_path.insert(0, Finder)


def _wrap(backend_inline: Any) -> None:
    original = getattr(backend_inline, "_fetch_figure_metadata", None)
    if original is None:  # a private hook: another matplotlib-inline may lack it, and
        return  # then alt.py reads the cell's code, as it did before this file

    def with_words(fig: Any) -> dict[str, Any]:
        metadata = dict(original(fig) or {})
        metadata[KEY] = figure_words(fig)
        return metadata

    backend_inline._fetch_figure_metadata = with_words
