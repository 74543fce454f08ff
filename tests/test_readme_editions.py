"""README.md and README.zh-CN.md say the same things.

The Chinese README is a translation kept by hand, and it drifted: it lacked whole passages
the English one had (a trace refusing gradients read as floats, the check's per-number
tolerance, the speed table's "was 9.5×" notes) and promised a JPG format no picture has.
These tests pair the two editions section by section (``##`` headings, in order) and ask
the Chinese one for every number and every piece of code the English one states there,
and both for the picture formats :data:`autograd_mini.render.FORMATS` names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograd_mini.render import FORMATS, RASTER

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "README.md"
ZH = ROOT / "README.zh-CN.md"

FENCE = re.compile(r"```.*?```", re.S)
HEADING = re.compile(r"^## (.*)$", re.M)
CODE = re.compile(r"`([^`]+)`")  # code in running text: what a reader types
LINK = re.compile(r"\[([^\]`\n]{1,80})\]\(")  # a link's text: [CONTRIBUTING.md](…)
NUMBER = re.compile(r"\d[\d,.]*(?:e[-+]?\d+)?")

# What the English README quotes in code and the Chinese one says its own way, by section:
# the words the English pictures draw (the Chinese README quotes the Chinese pictures'),
# and a command the Chinese README gives in full.
TRANSLATED = {
    "The two commands": {"autograd-mini graph …"},
    # the command's placeholders, as its Chinese help writes them (tests/test_cli_words.py)
    "Pictures of the graph": {
        "× local = contribution",
        "mul",
        "--steps DIR",
        "--max-frames N",
        "--height PX",
        "--column PX",
    },
}


def sections(path: Path) -> list[tuple[str, str]]:
    """``(heading, text)`` of each ``##`` section, code blocks left out."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    parts = HEADING.split(text)
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def code(text: str, links: bool = False) -> set[str]:
    """The code a section quotes, its spaces left out (a line break can fall inside);
    with ``links``, its links' texts too (the Chinese README links a file the English
    one quotes)."""
    found = set(CODE.findall(text)) | (set(LINK.findall(text)) if links else set())
    # the Chinese README points at the Chinese notebooks, in notebooks/zh/
    return {re.sub(r"\s+", "", c).replace("notebooks/zh/", "notebooks/") for c in found}


def numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in NUMBER.findall(text)}


def each_readme(name: str, *, en: str, zh: str) -> pytest.MarkDecorator:
    """Run a test on each README: ``path``, and as ``name`` what that edition must say."""
    return pytest.mark.parametrize(("path", name), [(EN, en), (ZH, zh)], ids=["en", "zh"])


PAIRS = list(zip(sections(EN), sections(ZH), strict=False))


def test_the_editions_have_the_same_sections() -> None:
    en, zh = sections(EN), sections(ZH)
    assert len(en) == len(zh), ([h for h, _ in en], [h for h, _ in zh])


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=[en[0] for en, _ in PAIRS])
def test_the_chinese_section_has_every_number_of_the_english_one(
    en: tuple[str, str], zh: tuple[str, str]
) -> None:
    missing = numbers(en[1]) - numbers(zh[1])
    assert not missing, f"{zh[0]} lacks what {en[0]} says of {sorted(missing)}"


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=[en[0] for en, _ in PAIRS])
def test_the_chinese_section_quotes_the_code_of_the_english_one(
    en: tuple[str, str], zh: tuple[str, str]
) -> None:
    translated = {re.sub(r"\s+", "", c) for c in TRANSLATED.get(en[0], set())}
    missing = code(en[1]) - code(zh[1], links=True) - translated
    assert not missing, f"{zh[0]} lacks what {en[0]} says of {sorted(missing)}"


def test_the_translated_code_is_still_in_the_english_readme() -> None:
    """An entry of TRANSLATED the English README no longer quotes is a stale excuse."""
    by_heading = dict(sections(EN))
    for heading, quoted in TRANSLATED.items():
        assert heading in by_heading, heading
        assert {re.sub(r"\s+", "", c) for c in quoted} <= code(by_heading[heading]), heading


@each_readme(
    "listed",
    en=", ".join(f.upper() for f in FORMATS[:-1]) + f" and {FORMATS[-1].upper()}",
    zh="、".join(f.upper() for f in FORMATS[:-1]) + f" 和 {FORMATS[-1].upper()}",
)
def test_the_readme_names_the_picture_formats_there_are(path: Path, listed: str) -> None:
    """README.zh-CN.md said graphviz-pure refuses Chinese in "PNG、JPG"; ``save`` knows no
    JPG (an unknown format). Each README lists the formats, and names no other."""
    text = path.read_text(encoding="utf-8")
    assert listed in text
    for other in sorted(RASTER - set(FORMATS)):
        assert not re.search(rf"\b{other}\b", text, re.I), f"{path.name} names {other.upper()}"


@each_readme(
    "sentence",
    en=r"A result that is not a number,\s+a Value or (.*?) is a `TypeError`",
    zh=r"结果不是数、Value 或(.*?)时报 `TypeError`",
)
def test_the_readme_names_the_results_a_transform_takes(path: Path, sentence: str) -> None:
    """Both READMEs said a transform's result must be "a number, a Value or a list of
    them" after tuples (and namedtuples) were taken too: the sentence names what jvp
    takes, and what it refuses is none of it."""
    from autograd_mini import jvp

    assert jvp(lambda x: (x, [x * 2]), (1.0,), (1.0,)) == ((1.0, [2.0]), (1.0, [2.0]))
    with pytest.raises(TypeError):
        jvp(lambda x: {x}, (1.0,), (1.0,))
    said = re.search(sentence, path.read_text(encoding="utf-8"), re.S)
    assert said, f"{path.name} no longer says which results are a TypeError"
    takes = said.group(1)
    assert re.search(r"list or tuple|列表或元组", takes), takes
    assert re.search(r"\bset\b|集合", takes), takes


@each_readme(
    "named",
    en=r"a model never fit trains with squared error, Michael Nielsen's quadratic cost",
    zh=r"从没训练过的模型用平方误差\uff0c即 Michael Nielsen 的在线书里的二次代价",
)
def test_the_quadratic_cost_is_named_by_its_source(path: Path, named: str) -> None:
    """Both READMEs (and nn.fit's docstring) called squared error "the blog's quadratic
    cost" (博客里的二次代价), of a blog they never name: the name is Nielsen's."""
    import nn

    text = path.read_text(encoding="utf-8")
    assert re.search(named, text), f"{path.name} no longer names the quadratic cost's source"
    assert "the blog" not in text and "博客" not in text
    assert "the blog" not in (nn.fit.__doc__ or "")


def test_the_chinese_readme_lists_an_unpickled_model_as_one_kind() -> None:
    """The models evaluate asks for loss= were listed 「用 pickle 读回、损失函数不是 `nn` 自带的」:
    the list's 、 made two kinds of one ("one unpickled whose loss is not one of nn's
    own"), so every unpickled model read as asked for loss=."""
    text = ZH.read_text(encoding="utf-8")
    assert "用 pickle 读回而损失函数不是 `nn` 自带的" in text
    assert "用 pickle 读回、" not in text


#: ops of the table a student writes as Python's operators (+ − × ÷ ** and unary −), which
#: the engine's table of the README lists as signs
OPERATOR_OPS = {"add", "sub", "mul", "div", "pow", "neg"}


@pytest.mark.parametrize("path", [EN, ZH], ids=["en", "zh"])
def test_every_op_of_the_table_is_named_in_each_edition(path: Path) -> None:
    """Each op a Value's ``op`` can say (``Value(data=1.0, grad=0.0, op='clip')``) is named
    in each README, as code (`step`, `pow_log`) or as the method that makes it
    (``.exp()``): ``clip``, np.clip's chosen bound, was named in neither — a student who
    met op='clip' read only of numpy's np.clip, a general clamp with derivative 1 inside,
    which this op is not (y = c, derivative 0)."""
    from autograd_mini.ops import OPS

    text = path.read_text(encoding="utf-8")
    unnamed = [
        name
        for name in OPS
        if name not in OPERATOR_OPS
        and f"`{name}`" not in text
        and not re.search(rf"(?<![\w.])\.{name}\(", text)
    ]
    assert unnamed == [], f"{path.name} does not name the ops {unnamed}"
