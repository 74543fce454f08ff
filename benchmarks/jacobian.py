"""Forward or reverse? The cost of a Jacobian in both modes, measured.

Two functions with the same graph, mirrored (a small recurrent chain, every step
``s ← tanh(0.9·s + input)``, three nodes a step):

* f: R^n → R   — n inputs fed into the chain one per step, the last state is the output
  (like a cost: many inputs, one output);
* g: R → R^m   — one input fed into every one of m steps, every state is an output.

``jacobian(·, mode="forward")`` makes one tangent pass per input, ``mode="reverse"`` one
backward pass per output, each over the graph recorded once. So f's Jacobian (one row,
the gradient) takes n forward passes but ONE backward pass; g's (one column) takes ONE
forward pass but m backward passes. Each figure is the median of interleaved samples
(the two modes alternate which goes first) of the whole ``jacobian(...)`` call, including
the recording of the graph; the number of passes is counted by wrapping the pass
functions during an untimed run, and both modes are checked to agree before any timing.

    .venv/bin/python benchmarks/jacobian.py            # n, m = 10, 100, 1000 (~1 min)
    .venv/bin/python benchmarks/jacobian.py --sizes 10 100 --repeats 3 --json out.json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script: make the project root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd_mini.jacobians as jacobian_module
from autograd_mini import Value, jacobian

MODES = ("forward", "reverse")


def chain_in(xs: Sequence[Value]) -> Value:
    """f: R^n → R. One input per step, the last state out."""
    s: Value | float = 0.5
    for x in xs:
        s = (0.9 * s + x).tanh()
    assert isinstance(s, Value)
    return s


def chain_out(t: Value, m: int) -> list[Value]:
    """g: R → R^m. The one input in every step, every state out."""
    s: Value | float = 0.5
    states = []
    for _ in range(m):
        s = (0.9 * s + t).tanh()
        states.append(s)
    return states


@dataclass
class Row:
    function: str  # "f: R^n -> R" or "g: R -> R^m"
    size: int
    mode: str
    passes: int
    seconds: float  # median of the whole jacobian call
    evaluation: float  # median of one evaluation of the function (recording the graph)
    samples: list[float]


@contextmanager
def counting() -> Iterator[dict[str, int]]:
    """Count tangent passes and backward passes made by ``jacobian``."""
    counts = {"forward": 0, "reverse": 0}
    tangent_pass, gradients = jacobian_module.tangent_pass, jacobian_module.gradients

    def counted_tangent_pass(*args: Any, **kwargs: Any) -> Any:
        counts["forward"] += 1
        return tangent_pass(*args, **kwargs)

    def counted_gradients(*args: Any, **kwargs: Any) -> Any:
        counts["reverse"] += 1
        return gradients(*args, **kwargs)

    jacobian_module.tangent_pass = counted_tangent_pass  # type: ignore[assignment]
    jacobian_module.gradients = counted_gradients  # type: ignore[assignment]
    try:
        yield counts
    finally:
        jacobian_module.tangent_pass = tangent_pass  # type: ignore[assignment]
        jacobian_module.gradients = gradients  # type: ignore[assignment]


def timed(call: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def problem(name: str, size: int) -> tuple[Callable[[], Any], dict[str, Callable[[], Any]]]:
    """One evaluation of the function, and its Jacobian call in each mode."""
    if name == "f":
        point = [math.sin(i) for i in range(size)]

        def evaluate() -> object:
            return chain_in([Value(x) for x in point])

        calls = {mode: (lambda mode=mode: jacobian(chain_in, mode=mode)(point)) for mode in MODES}
    else:

        def g(t: Value) -> list[Value]:
            return chain_out(t, size)

        def evaluate() -> object:
            return g(Value(0.3))

        calls = {mode: (lambda mode=mode: jacobian(g, mode=mode)(0.3)) for mode in MODES}
    return evaluate, calls


def measure(name: str, size: int, repeats: int) -> list[Row]:
    evaluate, calls = problem(name, size)
    passes: dict[str, int] = {}
    results: dict[str, list[list[float]]] = {}
    for mode in MODES:  # untimed: count the passes, keep the result
        with counting() as counts:
            results[mode] = calls[mode]()
        passes[mode] = counts[mode]
        other = "reverse" if mode == "forward" else "forward"
        assert counts[other] == 0, (mode, counts)
    for row_f, row_r in zip(results["forward"], results["reverse"], strict=True):
        for a, b in zip(row_f, row_r, strict=True):
            assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15), (name, size, a, b)
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    evaluations: list[float] = []
    for k in range(repeats):  # interleaved: forward first on even rounds, reverse on odd
        order = MODES if k % 2 == 0 else MODES[::-1]
        evaluations.append(timed(evaluate))
        for mode in order:
            samples[mode].append(timed(calls[mode]))
    label = "f: R^n -> R" if name == "f" else "g: R -> R^m"
    return [
        Row(
            label,
            size,
            mode,
            passes[mode],
            statistics.median(samples[mode]),
            statistics.median(evaluations),
            samples[mode],
        )
        for mode in MODES
    ]


def table(rows: list[Row]) -> str:
    lines = [
        "| function | n or m | mode | passes | Jacobian (median) | one evaluation | "
        "Jacobian / evaluation | slower mode / faster |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for i in range(0, len(rows), 2):
        pair = rows[i : i + 2]
        fastest = min(r.seconds for r in pair)
        for r in pair:
            ratio = f"{r.seconds / fastest:,.1f}×" if r.seconds > fastest else "—"
            lines.append(
                f"| {r.function} | {r.size:,} | {r.mode} | {r.passes:,} | "
                f"{_ms(r.seconds)} | {_ms(r.evaluation)} | {r.seconds / r.evaluation:,.1f} | "
                f"{ratio} |"
            )
    return "\n".join(lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=5, help="samples per figure (median)")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name in ("f", "g"):
        for size in args.sizes:
            rows.extend(measure(name, size, args.repeats))
            print(f"  {name} size {size} done", file=sys.stderr)
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared), medians of {args.repeats} interleaved samples"
    )
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
