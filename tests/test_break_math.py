"""docs/typeset.py's break_math on strings (no site build): where a long inline formula
is cut into formulas side by side.

The oracle is the formula itself: the pieces, without the ``{}`` each cut adds, are the
formula again, spaces included; and no piece opens a delimiter it does not close (counted
here character by character, not with the tokenizer under test).
"""

from __future__ import annotations

import re

import pytest

from docs.typeset import break_math

_SPAN = re.compile(r'<span class="math notranslate nohighlight">\\\((.*?)\\\)</span>', re.S)


def pieces(tex: str) -> list[str]:
    """The TeX of each formula break_math makes of the inline formula ``tex``."""
    html = f'<p>See <span class="math notranslate nohighlight">\\({tex}\\)</span>.</p>'
    out = break_math(html)
    found = _SPAN.findall(out)
    assert found, out
    return found


SPACED = [
    "f(x+h) = f(x) + h f'(x) + \\tfrac{h^2}{2} f''(x)",
    "(784 + 1)\\cdot 16 + (16 + 1)\\cdot 16 + (16 + 1)\\cdot 10 = 13{,}002",
    "x_{k+1} = x_k - \\eta\\, \\nabla f(x_k)  \\approx  x_k",
]


@pytest.mark.parametrize("tex", SPACED)
def test_pieces_keep_the_formulas_spaces(tex: str) -> None:
    """A search result quotes the pieces one after another: "f(x+h) =f(x) +h f'(x)" lost
    the spaces after each cut. Without their ``{}`` the pieces are the formula."""
    found = pieces(tex)
    assert len(found) > 1
    assert all(p.endswith("{}") for p in found[:-1])
    assert "".join(p.removesuffix("{}") for p in found) == tex
