"""Slips a student makes at notebooks 04, 05 and 07, told as Python's words alone before.

``for i in range(len(sizes))`` reading ``sizes[i + 1]`` (one pair of layers too many) was
"raised IndexError: list index out of range"; micrograd's ``v._prev`` for the parents
was "'Value' object has no attribute '_prev'", with no word of what autograd_mini calls
them; nb07's mode in the Chinese notebook's words ('反向') was "expected mode 'reverse'"
alone. Each is said now, in the student's language.
"""

from __future__ import annotations

from typing import Any

import editions
import pytest
from exercise_cases import mistake


def _told(qualified: str, answer: Any) -> dict[str, str]:
    said = {lang: mistake(lang, qualified, answer) for lang in editions.LANGS}
    editions.assert_english(said["en"])
    editions.assert_chinese(said["zh"])
    return said


def test_a_loop_one_pair_of_layers_too_far_is_said(student_cell: Any) -> None:
    source = (
        "def count_parameters(sizes):\n"
        "    n = 0\n"
        "    for i in range(len(sizes)):\n"
        "        n += sizes[i] * sizes[i + 1] + sizes[i + 1]\n"
        "    return n\n"
    )
    said = _told("nb04.check_count_parameters", student_cell(source, "count_parameters"))
    assert said["en"].startswith(
        "count_parameters([784, 16, 16, 10]): raised IndexError: list index out of range (an "
        "index past the end of sizes: its 4 layer sizes have 3 pairs of neighbours"
    ), said["en"]
    assert "\nYour code, Cell In[7], line 4: 'n += sizes[i] * sizes[i + 1]" in said["en"]
    assert "4 个层的大小只组成 3 对相邻的层" in said["zh"], said["zh"]


def test_an_index_error_of_another_kind_is_not_said_so(student_cell: Any) -> None:
    """Only an IndexError is the loop's: a TypeError keeps Python's words alone."""
    source = "def count_parameters(sizes):\n    return sizes + 1\n"
    said = _told("nb04.check_count_parameters", student_cell(source, "count_parameters"))
    assert "past the end" not in said["en"] and "raised TypeError" in said["en"], said


@pytest.mark.parametrize("name", ["_prev", "_children"])
def test_micrograds_names_are_said_as_such(student_cell: Any, name: str) -> None:
    source = (
        "def my_backward(root):\n"
        "    grads = {}\n"
        "    def visit(v, up):\n"
        "        grads[v] = grads.get(v, 0.0) + up\n"
        f"        for p, g in zip(v.{name}, v.local_grads):\n"
        "            visit(p, up * g)\n"
        "    visit(root, 1.0)\n"
        "    return grads\n"
    )
    said = _told("nb05.check_my_backward", student_cell(source, "my_backward"))
    assert (
        "(that is micrograd's name: here a node's inputs are node.parents and its local "
        "derivatives node.local_grads, in the same order)" in said["en"]
    ), said["en"]
    assert "这里节点的输入是 node.parents" in said["zh"], said["zh"]


def test_a_misspelt_name_of_autograd_minis_own_is_not_called_micrograds(student_cell: Any) -> None:
    source = (
        "def my_backward(root):\n"
        "    grads = {root: 1.0}\n"
        "    for p in root.parent:\n"
        "        grads[p] = 1.0\n"
        "    return grads\n"
    )
    said = _told("nb05.check_my_backward", student_cell(source, "my_backward"))
    assert "micrograd" not in said["en"] and "raised AttributeError" in said["en"], said


@pytest.mark.parametrize(
    ("answer", "zh"),
    [
        ("('前向', n_in) if n_in < n_out else ('反向', n_out)", "：'reverse'）"),
        (
            "('反向模式', n_in) if n_in < n_out else ('前向模式', n_out)",
            "就是 'forward'，是另一种模式",
        ),
    ],
)
def test_a_mode_in_the_chinese_notebooks_words_is_told_its_english_name(
    student_cell: Any, answer: str, zh: str
) -> None:
    """nb07's cheaper_mode answered in the Chinese edition's own words ('反向' for reverse
    mode) was told only that the mode should be 'reverse'."""
    source = f"def cheaper_mode(n_in, n_out):\n    return {answer}\n"
    function = student_cell(source, "cheaper_mode")
    said = mistake("zh", "nb07.check_cheaper_mode", function)
    editions.assert_chinese(said)
    assert "（模式的名字用英文写，和 'jacobian(mode=…)' 里的一样" in said, said
    assert zh in said, said
    english = mistake("en", "nb07.check_cheaper_mode", function)
    assert "(the modes are named in English, as 'jacobian(mode=…)' spells them" in english
