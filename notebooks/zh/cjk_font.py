"""Chinese labels in matplotlib figures with a font from the package index, not the system.

    from cjk_font import use_chinese_font
    use_chinese_font()          # then plt.title("梯度下降") renders on any machine

matplotlib ships no CJK font, and a fresh machine may have none either: Chinese titles
then come out as empty boxes ("Glyph ... missing from font"). The ``notebooks`` extra
installs ``justmytype-intl-cjk``, which carries Google's Noto Sans SC (SIL Open Font
License) as a *variable* font whose default instance is the thinnest weight. FreeType, and
so matplotlib, would draw that hairline instance, so the first call cuts a static Regular
(weight 400) copy with fontTools, keeps the GB 2312 characters (the 6,763 hanzi of
everyday Simplified Chinese) plus Latin, Greek, punctuation and mathematical symbols, and
caches it in the user's cache folder (about 12 s of CPU once; later calls only register
the file). A character outside that set falls back to DejaVu Sans, and matplotlib warns.
"""

from __future__ import annotations

import io
import os
from importlib.resources import files
from pathlib import Path

FAMILY = "Noto Sans SC"
WEIGHT = 400
_VARIABLE = ("fonts", "ofl", "notosanssc", "NotoSansSC[wght].ttf")

# Latin, Greek, general punctuation up to the math operators, CJK punctuation, full-width
# forms: everything the notebooks write around the hanzi (θ, η, δ, ∂, −, ×, ′, …).
_RANGES = [(0x20, 0x250), (0x370, 0x400), (0x2000, 0x2300), (0x3000, 0x3040), (0xFF00, 0xFFF0)]


def variable_font() -> Path:
    """The packaged Noto Sans SC variable font (the ``notebooks`` extra installs it)."""
    try:
        root = files("justmytype_intl_cjk")
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            "Chinese plot labels need the Noto Sans SC font from the notebooks extra: "
            "pip install -e '.[notebooks]'"
        ) from err
    path = Path(str(root.joinpath("/".join(_VARIABLE))))
    if not path.is_file():
        raise FileNotFoundError(f"justmytype-intl-cjk is installed but has no {path}")
    return path


def characters() -> list[int]:
    """The code points kept: GB 2312 (decoded from every two-byte code) and _RANGES."""
    kept = {c for lo, hi in _RANGES for c in range(lo, hi)}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                kept.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return sorted(kept)


def cache_dir() -> Path:
    """Where the static Regular copy lives (platformdirs' user cache; AGM_FONT_CACHE wins)."""
    override = os.environ.get("AGM_FONT_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("autograd-mini")) / "fonts"


def regular_font() -> Path:
    """A static Regular Noto Sans SC (GB 2312 + symbols), built once and cached."""
    source = variable_font()
    stat = source.stat()
    target = cache_dir() / f"NotoSansSC-Regular-gb2312-{stat.st_size}.ttf"
    if target.is_file():
        return target
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    static = instancer.instantiateVariableFont(font, {"wght": WEIGHT}, updateFontNames=True)
    from autograd_mini.files import write_whole

    target.parent.mkdir(parents=True, exist_ok=True)
    # Written whole (beside the target and renamed): two kernels starting at once never
    # read half a file.
    made = io.BytesIO()
    static.save(made)
    write_whole(target, made.getvalue(), strict=True)
    return target


def use_chinese_font() -> None:
    """Register Noto Sans SC with matplotlib and make it the first sans-serif font.

    DejaVu Sans (matplotlib's own) stays second, so a glyph Noto lacks still renders.
    Returns nothing: the notebooks call it as their zh-only cell's last line, where a
    returned name was printed under the cell ('Noto Sans SC') on every Chinese page.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = str(regular_font())
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    if name != FAMILY:
        raise RuntimeError(f"{path} names itself {name!r}, expected {FAMILY!r}")
    # A list of families (not "sans-serif") is what makes matplotlib fall back glyph by glyph.
    mpl.rcParams["font.family"] = [FAMILY, "DejaVu Sans"]
    mpl.rcParams["font.sans-serif"] = [FAMILY, "DejaVu Sans", *mpl.rcParams["font.sans-serif"]]
