"""What a student sees under a wrong answer in Jupyter: the verdict and the student's own
lines, without the checker's frames.

IPython showed two frames of the checker's own code, with its English source, above every
Mistake (``nb01.py … return check(msg(en=…), attempt)``, ``__init__.py … raise
mistake.with_traceback(None) from mistake.__cause__``), though a comment there said the
verdict was raised "without the checker's frames". The cells run here in IPython itself,
in a process of its own, as a kernel runs them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = {"en": ROOT / "notebooks", "zh": ROOT / "notebooks" / "zh"}


def _ipython(folder: Path, source: str, tmp_path: Path) -> str:
    """The output of ``source`` run by IPython as a script, in ``folder`` (where a
    notebook's kernel starts), without colours."""
    script = tmp_path / "cell.ipy"
    script.write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPYTHONDIR": str(tmp_path / "ipython")}
    done = subprocess.run(
        [sys.executable, "-m", "IPython", "--colors=NoColor", "--no-banner", str(script)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_mistake_shows_the_students_line_and_the_verdict_only(lang: str, tmp_path: Path) -> None:
    shown = _ipython(
        FOLDER[lang],
        "from exercises import nb01\n"
        "nb01.check_central_difference(lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h)\n",
        tmp_path,
    )
    assert re.search(r"^Mistake: central_difference\(x³, x=1, h=0\.01\)", shown, re.M), shown
    assert "----> 2 nb01.check_central_difference(" in shown, shown
    assert "exercises/" not in shown and "nb01.py" not in shown, shown  # no checker frame
    assert "msg(en=" not in shown and "with_traceback" not in shown, shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_cause_the_mistake_names_starts_at_the_students_code(lang: str, tmp_path: Path) -> None:
    shown = _ipython(
        FOLDER[lang],
        "from exercises import nb01\n"
        "def central(f, x, h):\n"
        "    raise NotImplementedError('mine')\n"
        "nb01.check_central_difference(central)\n",
        tmp_path,
    )
    assert "----> 3     raise NotImplementedError('mine')" in shown, shown
    assert "NotImplementedError: mine" in shown, shown
    assert re.search(r"^Mistake: ", shown, re.M), shown
    assert "exercises/" not in shown and "attempt()" not in shown, shown


def test_the_cause_keeps_its_whole_traceback_once_shown(tmp_path: Path) -> None:
    """The cause was shortened in place to show it: afterwards the exception itself had
    lost the checker's frames (``traceback.print_exception`` started at the student's
    function). Shown twice, it reads the same both times."""
    shown = _ipython(
        FOLDER["en"],
        "import traceback\n"
        "from exercises import Mistake, nb01\n"
        "def central(f, x, h):\n"
        "    raise NotImplementedError('mine')\n"
        "try:\n"
        "    nb01.check_central_difference(central)\n"
        "except Mistake as caught:\n"
        "    mistake = caught\n"
        "get_ipython().showtraceback((Mistake, mistake, mistake.__traceback__))\n"
        "get_ipython().showtraceback((Mistake, mistake, mistake.__traceback__))\n"
        "tb = mistake.__cause__.__traceback__\n"
        "names = traceback.StackSummary.extract(traceback.walk_tb(tb))\n"
        "print('cause frames:', [frame.name for frame in names])\n",
        tmp_path,
    )
    assert shown.count("----> 4     raise NotImplementedError('mine')") == 2, shown
    assert "exercises/" not in shown.partition("cause frames:")[0], shown
    # the cause as raised: the checker's frames down to the student's function
    assert "cause frames: ['check', 'attempt', 'call', 'central']" in shown, shown
