"""Line breaks the browser gets wrong on the course's pages, fixed in their HTML.

``docs/build.py`` runs :func:`typeset` on the article of every page Sphinx writes and on
the Markdown of every standalone page:

- a long path or URL in inline code or as a link's text (``notebooks/zh/06_gradient_checking_
  and_second_derivatives.ipynb``) has no place to break: wider than a phone's column, it
  made the page scroll sideways. It gets break points (``<wbr>``) after its ``/`` and ``_``.
  Only there: breaking it anywhere (CSS ``overflow-wrap: anywhere``, agm.css's last
  resort) may break it just before the closing bracket or the Chinese comma that follows
  it, which then starts a line.
"""

from __future__ import annotations

import re

#: A run of characters with no space this long may be wider than a phone's column.
LONG = 24
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
_CODE = re.compile(r"(<code\b[^>]*>)(.*?)(</code>)", re.S)
_LINK_TEXT = re.compile(r"(<a\b[^>]*>)([^<]*)(</a>)")
_TAG = re.compile(r"(<[^>]*>)")
_RUN = re.compile(rf"[^\s<>]{{{LONG},}}")
_BREAK_AFTER = re.compile(r"([/_])(?=\w)")  # never after the last one: a mark may follow


def _break_runs(text: str) -> str:
    """``text`` (no tags) with a ``<wbr>`` after each / and _ inside its long runs."""
    return _RUN.sub(lambda m: _BREAK_AFTER.sub(r"\1<wbr>", m[0]), text)


def _break_texts(inner: str) -> str:
    """The texts between the tags of ``inner`` through :func:`_break_runs`."""
    parts = _TAG.split(inner)
    return "".join(p if i % 2 else _break_runs(p) for i, p in enumerate(parts))


def breakable(html: str) -> str:
    """Long paths and URLs in inline code and link texts get break points (not in <pre>)."""

    def outside_pre(part: str) -> str:
        part = _CODE.sub(lambda m: m[1] + _break_texts(m[2]) + m[3], part)
        return _LINK_TEXT.sub(lambda m: m[1] + _break_runs(m[2]) + m[3], part)

    parts = _PRE.split(html)
    return "".join(p if i % 2 else outside_pre(p) for i, p in enumerate(parts))


def typeset(html: str) -> str:
    """Every fix of this module, on a fragment of a page's HTML."""
    return breakable(html)
