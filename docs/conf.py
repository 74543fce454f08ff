"""Sphinx configuration of the course website (``python -m docs.build`` copies it into the
staging folder of each edition's project; see docs/build.py).

The English and the Chinese editions are two Sphinx projects built from this file: the
build sets the Chinese one's ``language`` (``-D language=zh_CN``), so the theme's own words
— the menu, 搜索, 上一页/下一页 — are Chinese there, and gives each the other edition's home
page for the menu (``-A agm_other=…``, shown by _templates/agm-edition.html)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

project = "autograd-mini"
author = "autograd-mini developers"
copyright = "autograd-mini developers"
language = "en"
root_doc = "index"

# docs.search_index: the search index holds each formula as it reads (η, ∂C/∂w), not
# its TeX (a search for "frac" found every page with a fraction)
extensions = ["myst_nb", "docs.search_index"]
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
# No formula is a Tab stop: MathJax's menu setting "Include in Tab Order" (inTabOrder, on
# by default) gave each formula tabindex 0 and no name, 216 stops on notebook 06 that a
# keyboard went through one by one to reach a link. A screen reader reads a formula where
# it stands, from MathJax's hidden MathML (assistiveMml, on), with no focus needed. The
# menu (Show Math As TeX, Copy to Clipboard, the setting itself) opens on a right click or
# a long press; from the keyboard only on a formula that scrolls (a Tab stop of Chromium's:
# Shift+F10 or the menu key), none of notebook 06's at 1,000 px, 4 of 216 at 360 px.
# The standalone pages say the same (docs/templates/agm-standalone/index.html.j2).
mathjax3_config = {"options": {"menuOptions": {"settings": {"inTabOrder": False}}}}

templates_path = ["_templates"]
html_theme = "sphinx_book_theme"
html_title = "autograd-mini"
html_static_path = ["_static"]
html_css_files = ["agm.css"]
# which formulas have more out of sight, for agm.css's fade; a search query's words (a
# sign such as ∂ is one); the text a search result quotes, without the buttons and the
# TeX; MathJax's formula menu and its submenus kept inside the window; the menu's settings
# that would fetch a MathJax part the build does not ship, dropped before MathJax starts
# (Sphinx defers MathJax's script, not these), and their items turned off (the Chinese
# edition's build gives its own list, with these in it: docs/build.py)
html_js_files = [
    "agm-query-words.js",
    "agm-formulas.js",
    "agm-search-text.js",
    "agm-mathjax-menu.js",
    "agm-mathjax-loadable.js",
]
html_favicon = "_static/favicon.svg"  # else browsers ask for /favicon.ico and get a 404
html_context = {"default_mode": "light"}
# sphinx-book-theme's sidebar, and below its menu a link to the other edition.
html_sidebars = {
    "**": [
        "navbar-logo.html",
        "icon-links.html",
        "search-button-field.html",
        "sbt-sidebar-nav.html",
        "agm-edition.html",
    ]
}
html_last_updated_fmt = None
html_theme_options: dict[str, Any] = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    # sphinx-book-theme's header is empty; pydata-sphinx-theme 0.20 fills it with a search
    # box unless this is set, a band above every page with the sidebar's search twice
    "navbar_persistent": [],
}


def _chinese_search_stemmer(app: Any, exception: BaseException | None) -> None:
    """Make the Chinese edition's search work under Sphinx 9.0.

    Sphinx 9.0 ends the Chinese search's language_data.js with ``window.Stemmer =
    ChineseStemmer;``, a class that does not exist (Chinese search uses the English
    stemmer for its Latin words): every search on the Chinese pages stopped at a
    ReferenceError and showed nothing (sphinx-doc/sphinx#14229; fixed upstream by #14416
    the same way, in no release yet). Nothing changes where the class is defined.
    """
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / "language_data.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    broken = "window.Stemmer = ChineseStemmer;"
    if broken in text and "var ChineseStemmer" not in text:
        text = text.replace(broken, "window.Stemmer = EnglishStemmer;")
        path.write_text(text, encoding="utf-8")


def _in_the_course(docname: str | None) -> bool:
    """The pages previous/next lead through: the home page and the notebooks."""
    return docname is not None and (docname == root_doc or docname.startswith("notebooks/"))


def _course_chain(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Previous/next lead through the course, from the home page to the last notebook.

    Sphinx chains every page in the menu's order, so "next" from the last notebook led on
    to the reference pages after it (English: Benchmarks, a 52,000 px developers' log;
    Chinese: the 术语表). Those stay in the menu, outside the chain: no previous/next on
    them, and none to them.
    """
    _, prev, next_ = app.env.collect_relations().get(pagename, (None, None, None))
    if not _in_the_course(pagename):
        context["prev"] = context["next"] = None
        return
    if not _in_the_course(prev):
        context["prev"] = None
    if not _in_the_course(next_):
        context["next"] = None


def _theme_catalogs(app: Any) -> None:
    """Our words for the themes' own catalogs: each ``locales/<lang>/LC_MESSAGES/*.po``
    other than sphinx.po (which Sphinx compiles and reads itself), compiled and
    registered before the theme registers its own, so that it is asked first; the
    theme's catalog answers every word it does not have (booktheme.po: "Print to PDF")."""
    from sphinx.util.i18n import CatalogRepository

    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for locale_dir in repo.locale_dirs:
        for po in sorted(Path(locale_dir).glob(f"{app.config.language}/LC_MESSAGES/*.po")):
            if po.stem == "sphinx":
                continue
            catalog = next(c for c in repo.catalogs if c.domain == po.stem)
            catalog.write_mo(app.config.language)
            app.add_message_catalog(po.stem, locale_dir)


def setup(app: Any) -> None:
    _theme_catalogs(app)
    app.connect("build-finished", _chinese_search_stemmer)
    app.connect("html-page-context", _course_chain)
