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

_SPAN = re.compile(
    r'<span class="math notranslate nohighlight(?: agm-piece)?">\\\((.*?)\\\)</span>', re.S
)
#: the formula whole, for readers without JavaScript (tests/test_site_no_js.py)
_NOSCRIPT = re.compile(r"<noscript>.*?</noscript>", re.S)


def pieces(tex: str) -> list[str]:
    """The TeX of each formula break_math makes of the inline formula ``tex``."""
    html = f'<p>See <span class="math notranslate nohighlight">\\({tex}\\)</span>.</p>'
    out = _NOSCRIPT.sub("", break_math(html))
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


_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")
#: Pairs of delimiters written with two commands, and with two characters.
_COMMAND_PAIRS = [
    (r"\left", r"\right"),
    (r"\lvert", r"\rvert"),
    (r"\lVert", r"\rVert"),
    (r"\langle", r"\rangle"),
    (r"\lbrace", r"\rbrace"),
    (r"\{", r"\}"),
]


def open_delimiters(piece: str) -> list[str]:
    """The delimiters ``piece`` opens and does not close, or closes and did not open:
    counted, not parsed (a | or ‖ needs an even count)."""
    commands = _COMMAND.findall(piece)
    odd = [a for a, b in _COMMAND_PAIRS if commands.count(a) != commands.count(b)]
    if commands.count(r"\|") % 2:
        odd.append(r"\|")
    plain = _COMMAND.sub(" ", piece)
    odd += [a + b for a, b in ("()", "[]", "{}") if plain.count(a) != plain.count(b)]
    return odd + (["|"] if plain.count("|") % 2 else [])


#: Formulas of the notebooks and the glossary, cut inside |…|, ‖…‖ and \lvert…\rvert.
DELIMITED = [
    r"|g_a - g_n| \le \text{atol} + \text{rtol}\,|g_n|",
    r"|x_{k+1} - 1| \approx \dfrac{f'''(1)}{2f''(1)}\,|x_k - 1|^2",
    r"J_k = \tfrac12\lVert a^{(N)}[k] - y[k]\rVert_2^{\,2}",
    r"\tfrac12(a - y)/\lVert a - y\rVert",
    r"\lvert g_a - g_n\rvert / \max\big(\lvert g_a\rvert, \lvert g_n\rvert\big)",
    r"\langle a - b, c + d\rangle = \langle a, c\rangle + \langle a, d\rangle",
    r"\left| a - b \right| + \left\lbrace c - d \right\rbrace = 12345",
    r"\|x - y\| + \Vert u - v\Vert = \lbrace a + b\rbrace",
]


@pytest.mark.parametrize("tex", DELIMITED)
def test_no_cut_inside_a_pair_of_delimiters(tex: str) -> None:
    """A line may end after a relation or a + or − outside every pair of delimiters,
    never inside one: "|g_a -" / "g_n| \\le …" split the absolute value across lines."""
    found = pieces(tex)
    assert [(p, open_delimiters(p)) for p in found] == [(p, []) for p in found]
    assert "".join(p.removesuffix("{}") for p in found) == tex


@pytest.mark.parametrize(
    ("tex", "cut"),
    [
        (
            r"|g_a - g_n| \le \text{atol} + \text{rtol}\,|g_n|",
            [r"|g_a - g_n| \le{}", r"\text{atol} +{}", r"\text{rtol}\,|g_n|"],
        ),
        (  # \right's | closes \left's group: it is no bar of its own
            r"\left. f(x) - g \right|_{x=0} + 12345 = y - z",
            [r"\left. f(x) - g \right|_{x=0} +{}", "12345 ={}", "y -{}", "z"],
        ),
    ],
)
def test_a_cut_outside_the_delimiters_stays(tex: str, cut: list[str]) -> None:
    """Closed pairs leave the cuts between and after them."""
    assert [p.strip() for p in pieces(tex)] == cut


@pytest.mark.parametrize(
    "tex",
    [
        r"x_1 \over x_2 + x_3 = y_1 + y_2 + y_3 + y_4",  # the fraction is everything either side
        r"n \choose k + 1 = n \choose k + n \choose k - 1",
        r"\displaystyle \sum_i x_i + y = \int f + g",  # the style of the whole formula
        r"\color{red} x_1 + y_1 = z_1 + w_1 + v_1",
        r"\rm max + min = alpha + beta + gamma",
    ],
)
def test_a_formula_with_a_switch_stays_whole(tex: str) -> None:
    """\\over and its kin take all the formula (or group) either side of them, and a
    switch sets the style of all that follows it: cut, the fraction lost its
    denominator's end and only the first piece kept the style. (Each formula here is
    long enough, LONG_MATH, to be cut.)"""
    assert pieces(tex) == [tex]


@pytest.mark.parametrize(
    ("tex", "cut"),
    [
        (
            r"2 \times -3 + 4 \cdot -5 = -26 + 0",
            [r"2 \times -3 +{}", r"4 \cdot -5 ={}", "-26 +{}", "0"],
        ),
        (r"f \colon t \mapsto -t = u_1 + v_1", [r"f \colon t \mapsto -t ={}", "u_1 +{}", "v_1"]),
        (r"x \in -A, -x \in A \Rightarrow -a", [r"x \in -A, -x \in A \Rightarrow -a"]),
        (r"a \ll -b_1 \gets -c_1 = d_1 - e_1", [r"a \ll -b_1 \gets -c_1 ={}", "d_1 -{}", "e_1"]),
        (
            r"a\ -b = \sigma - \infty + |x| - y'",
            [r"a\ -b ={}", r"\sigma -{}", r"\infty +{}", "|x| -{}", "y'"],
        ),
    ],
)
def test_a_minus_after_an_operator_is_unary(tex: str, cut: list[str]) -> None:
    """A + or − is binary, a place to cut, only after what ends a term: a letter, a digit,
    a prime, a closing bracket or delimiter. After \\times, \\cdot, \\mapsto, \\in, \\ll,
    \\gets, a comma or a space it is the sign of what follows ("2 × −3" cut as "2 × −" /
    "3")."""
    assert [p.strip() for p in pieces(tex)] == cut
