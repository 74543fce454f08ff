"""The words the site's search index takes from a text (docs/search_index.py): Sphinx's
own, and each mathematical sign as a word of its own. No site build; the oracles are
Sphinx's own splitter and filter (``\\w+``, one Chinese character dropped) and words
written by hand."""

from __future__ import annotations

import re

import pytest

from docs.search_index import ChineseKeepingLetters, EnglishKeepingSigns, is_sign


def test_a_sign_is_a_word_of_its_own_among_sphinx_s_words() -> None:
    """∂C/∂w was indexed as "C" and "w"; every other word is Sphinx's."""
    text = "∂C/∂w = x_1·σ′(z), ∇f ≈ √2 ± 1e−3 + a·b; θ ← θ − η∇C 梯度"
    words = EnglishKeepingSigns({}).split(text)
    assert words[:4] == ["∂", "C", "∂", "w"]
    assert [w for w in words if not is_sign(w)] == re.findall(r"\w+", text)
    assert [w for w in words if is_sign(w)] == ["∂", "∂", "∇", "≈", "√", "±", "−", "←", "−", "∇"]


@pytest.mark.parametrize("sign", ["∂", "∇", "√", "∞", "×", "≈", "≤", "→", "∈", "⊙", "−"])
def test_the_course_s_signs_are_signs(sign: str) -> None:
    assert is_sign(sign)


#: ASCII's signs, punctuation (\u2019 is a closing quote), a word
NOT_SIGNS = ["+", "=", "<", "|", "·", "…", "‖", "′", "—", "\u2019", "∂x", "x"]


@pytest.mark.parametrize("other", NOT_SIGNS)
def test_ascii_signs_punctuation_and_words_are_not_signs(other: str) -> None:
    """ASCII's + = < | are in every line of code; · … ‖ ′ are punctuation to Unicode."""
    assert not is_sign(other)


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("梯度", True),  # Sphinx's own: two characters or more
        ("∂", True),
        ("∇", True),
        ("x", True),
        ("w", True),
        ("η", True),
        ("ℓ", True),
        ("梯", False),  # one hanzi says little (Sphinx's own)
        ("/", False),
        (",", False),
        ("1", False),
        ("²", False),
    ],
)
def test_the_chinese_index_keeps_a_formula_s_letters_and_signs(word: str, kept: bool) -> None:
    """jieba gives every character outside a Chinese or Latin run as a word of its own
    (∂, /, ²); the Chinese index kept none of one character, so ∂C/∂w asked for words it
    did not hold."""
    assert ChineseKeepingLetters({}).word_filter(word) is kept
