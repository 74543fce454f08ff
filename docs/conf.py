"""Sphinx configuration of the course website (``python -m docs.build`` copies it into the
staging folder it builds from; see docs/build.py)."""

from __future__ import annotations

from typing import Any

project = "autograd-mini"
author = "autograd-mini developers"
copyright = "autograd-mini developers"
language = "en"
root_doc = "index"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# The notebooks are executed by docs/build.py (in their own folder, like a student's
# Jupyter, with a cache); Sphinx only renders what they printed and drew.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]

# MathJax 3 from the django-static-mathjax wheel, copied into _static by docs/build.py:
# formulas are typeset with no CDN. SVG output needs no web fonts.
mathjax_path = "mathjax/tex-svg-full.js"

html_theme = "sphinx_book_theme"
html_title = "autograd-mini"
html_static_path = ["_static"]
html_css_files = ["agm.css"]
html_favicon = "_static/favicon.svg"  # else browsers ask for /favicon.ico and get a 404
html_context = {"default_mode": "light"}
html_last_updated_fmt = None
html_theme_options: dict[str, Any] = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
}


def _page_language(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Chinese pages say so (<html lang="zh-CN">): fonts and screen readers follow."""
    if pagename == "zh" or pagename.startswith("zh/"):
        context["language"] = "zh-CN"


def setup(app: Any) -> None:
    app.connect("html-page-context", _page_language)
