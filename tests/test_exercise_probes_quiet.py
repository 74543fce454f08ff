"""A probe's run of the student's function prints nothing: the check's own call did.

A check that sees a wrong answer may run the student's function again to confirm a hint
(a probe): σ(−a) at every point (nb01), a learning rate on the other f (nb06), the
shorter runs that find the step where Newton's iterates diverge (nb06, up to five), the
point unmoved at every point (nb07), the opposite sign at every case (nb05, nb07). A
student debugging with ``print`` saw their prints again for each of those runs, calls they
never made — five times over for nb06's divergence. Now only the check's own calls
print. Oracle: the calls the check makes itself, written out (each prints its arguments),
and the slip each probe confirms still named.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from exercise_cases import mistake, newton_diverging_at_step_2, prelude

from autograd_mini import grad


def _printed(capsys: pytest.CaptureFixture[str]) -> list[str]:
    out, err = capsys.readouterr()
    return (out + err).splitlines()


def test_nb06_the_divergence_re_runs_do_not_print_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A wrong second step, −1e200: the six-step run overflows in the student's code,
    and the shorter runs (5, 4, 3, then 2 steps, which returns) find step 2."""
    said = mistake("en", "nb06.check_newton", newton_diverging_at_step_2(loud=True))
    assert "the iterates diverge at step 2: newton(f, 2.0, 2)" in said, said  # still found
    # the check's own calls: one step, then six (which overflows)
    assert _printed(capsys) == ["newton from 2.0, 1 steps", "newton from 2.0, 6 steps"]


def test_nb06_the_learning_rate_probe_does_not_print(capsys: pytest.CaptureFixture[str]) -> None:
    """x − 0.05·f′: confirmed a learning rate by the first step on eˣ − 2x (from 1.5),
    a call the check makes only as a probe here."""

    def newton(f: Any, x0: float, steps: int) -> list[Any]:
        print(f"newton from {x0}, {steps} steps")
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] - 0.05 * grad(f)(xs[-1]))
        return xs

    said = mistake("en", "nb06.check_newton", newton)
    assert "η = 0.05, a gradient descent step" in said, said
    assert _printed(capsys) == ["newton from 2.0, 1 steps"]


def test_nb01_the_sigma_of_minus_a_probe_does_not_print(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def silu_local(a: float, y: float) -> float:
        print(f"silu_local at {a}")
        m = 1 / (1 + math.exp(a))  # σ(−a), the exponent's minus lost
        return m + y * (1 - m)

    said = mistake("en", "nb01.check_local_derivative", silu_local)
    assert "at every a checked" in said, said
    assert _printed(capsys) == ["silu_local at -3.0"]  # the first point, where it stops


def test_nb05_the_opposite_sign_probe_does_not_print(capsys: pytest.CaptureFixture[str]) -> None:
    def reverse_neuron(z: float, ws: list[float], upstream: list[float]) -> float:
        print(f"reverse_neuron at {z}")
        s = 1 / (1 + math.exp(-z))
        return -s * (1 - s) * sum(w * u for w, u in zip(ws, upstream, strict=True))

    said = mistake("en", "nb05.check_reverse_neuron", reverse_neuron)
    assert "opposite sign at every z checked" in said, said
    assert _printed(capsys) == ["reverse_neuron at 0.3"]


def test_nb07_the_unmoved_probe_does_not_print(capsys: pytest.CaptureFixture[str]) -> None:
    cost = prelude("07_forward_or_reverse")["C2"]
    capsys.readouterr()  # the notebook's own cells' output

    def newton_step(cost: Any, w: Any) -> Any:
        print(f"newton_step at {w}")
        return w

    said = mistake("en", "nb07.check_newton_step", newton_step, cost)
    assert "that is w itself, unchanged, at every point checked" in said, said
    assert _printed(capsys) == ["newton_step at (0.0, 0.0)"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_probe_s_stream_has_the_real_stream_s_encoding(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Student code reading ``sys.stdout.encoding`` (to choose "≈" or "~"), its errors or
    ``isatty()``: the dropped stream's encoding was io.TextIOBase's None, and
    ``None.lower()`` failed in the probe alone, which then confirmed nothing (σ(−a) went
    unnamed). Oracle: what the check's own call read from the real stream."""
    import sys

    seen: list[tuple[object, object, object]] = []

    def silu_local(a: float, y: float) -> float:
        out = sys.stdout
        seen.append((out.encoding.lower(), out.errors, out.isatty()))
        m = 1 / (1 + math.exp(a))  # σ(−a), the exponent's minus lost
        return m + y * (1 - m)

    said = mistake(lang, "nb01.check_local_derivative", silu_local)
    assert ("at every a checked" if lang == "en" else "在检验的每个 a 处都用了 σ(−a)") in said, said
    real = (sys.stdout.encoding.lower(), sys.stdout.errors, sys.stdout.isatty())
    assert len(seen) > 1 and all(read == real for read in seen), (seen, real)
    assert _printed(capsys) == []


@pytest.mark.parametrize(
    ("its_encoding", "its_errors", "tty"),
    [("UTF-8", None, False), ("cp936", "strict", True)],
    ids=["IPython's OutStream", "a terminal"],
)
def test_a_probe_s_stream_reads_as_the_stream_it_replaces(
    monkeypatch: pytest.MonkeyPatch, its_encoding: str, its_errors: str | None, tty: bool
) -> None:
    """IPython's stream (ipykernel's OutStream, an io.TextIOBase with an encoding of its
    own) has errors None; the dropped stream said "strict" in the probe alone. A terminal's
    isatty() is True: the merge's test ran under pytest's capture alone, False, which a
    dropped stream without isatty() gives too. Oracle: the stand-in stream's own
    attributes, which the check's own call reads."""
    import io
    import sys

    class Stream(io.TextIOBase):
        encoding = its_encoding
        errors = its_errors  # None: io.TextIOBase's own

        def writable(self) -> bool:
            return True

        def write(self, text: str) -> int:
            return len(text)

        def isatty(self) -> bool:
            return tty

    seen: list[tuple[object, object, object]] = []

    def silu_local(a: float, y: float) -> float:
        out = sys.stdout
        seen.append((out.encoding, out.errors, out.isatty()))
        m = 1 / (1 + math.exp(a))  # σ(−a)
        return m + y * (1 - m)

    monkeypatch.setattr(sys, "stdout", Stream())
    said = mistake("en", "nb01.check_local_derivative", silu_local)
    assert "at every a checked" in said, said
    assert len(seen) > 1 and all(read == (its_encoding, its_errors, tty) for read in seen), seen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_probe_s_stream_has_a_buffer_that_drops_bytes_too(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Student code writing bytes to ``sys.stdout.buffer`` (plain Python's stdout has
    one): the probe's dropped stream had none, and the probe alone failed (σ(−a) went
    unnamed). Bytes the probe's run writes are dropped as its text is; the check's own
    call writes them to the real stream. Oracle: the bytes counted by hand (3 of "≈")."""
    import sys

    counted: list[int] = []

    def silu_local(a: float, y: float) -> float:
        counted.append(sys.stdout.buffer.write("≈".encode()))
        m = 1 / (1 + math.exp(a))  # σ(−a), the exponent's minus lost
        return m + y * (1 - m)

    said = mistake(lang, "nb01.check_local_derivative", silu_local)
    assert ("at every a checked" if lang == "en" else "在检验的每个 a 处都用了 σ(−a)") in said, said
    assert len(counted) > 1 and set(counted) == {3}, counted
    capsys.readouterr()
