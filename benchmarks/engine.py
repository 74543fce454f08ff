"""Engine benchmark: autograd-mini against micrograd 0.1.0, side by side in one process.

Four workloads (see ``benchmarks/README.md`` for what each one computes):

* W1  one neuron, 784 inputs, ReLU — forward + backward;
* W2  the 784-16-16-10 MLP (13,002 parameters), one sample, squared error;
* W3  micrograd's moons step: MLP 2-16-16-1, batch 100, hinge + 1e-4·L2, SGD update;
* W4  the chain x ← x·1.0001 + 0.0001 of N steps: build it, then backward.

Both peers get the same numbers (weights, inputs, targets) and the run first checks that
they agree on the loss and on every gradient micrograd exposes, so the timings compare
the same work. Samples of the two peers are interleaved (ours, theirs, theirs, ours, …),
``gc.collect()`` runs before every sample outside the timed region, and each figure is
the median of the samples.

micrograd 0.1.0's ``Value`` has ``relu`` but no ``tanh``, so every activation is ReLU.
Our MLP is written inline here (a neuron is ``dot(w, x, b).relu()``) rather than taken
from ``nn/``, so that this file measures the engine alone.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from autograd_mini import Value, dot, vsum

try:
    from micrograd import engine as mg_engine
    from micrograd import nn as mg_nn
except ImportError:  # pragma: no cover - the bench extra installs it
    mg_engine = None
    mg_nn = None

MGValue: Any = None if mg_engine is None else mg_engine.Value

Run = Callable[[], object]
Setup = Callable[[], Run]

# ----------------------------------------------------------------------------- timing


@dataclass
class Row:
    """One line of the results table (times in seconds, medians)."""

    workload: str
    phase: str
    ours: float
    theirs: float | None
    unit: str = "s"
    per: int = 1  # divide both times by this (chain steps) for a per-node figure
    target: float | None = None
    samples: int = 0
    note: str = ""
    gc_mode: str = "default"
    ours_all: list[float] = field(default_factory=list)
    theirs_all: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return None if self.theirs is None else self.theirs / self.ours

    @property
    def met(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio >= self.target


def _sample(setup: Setup, gc_off: bool) -> float:
    """Time one call of what ``setup`` returns; setup and garbage collection are untimed."""
    run = setup()
    gc.collect()
    if gc_off:
        gc.disable()
    try:
        start = time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
    finally:
        if gc_off:
            gc.enable()
    del run
    gc.collect()
    return elapsed


def interleaved(
    ours: Setup, theirs: Setup | None, repeats: int, gc_off: bool = False
) -> tuple[list[float], list[float]]:
    """``repeats`` samples of each peer, alternating which one goes first."""
    mine: list[float] = []
    other: list[float] = []
    for i in range(repeats):
        if theirs is not None and i % 2:
            other.append(_sample(theirs, gc_off))
            mine.append(_sample(ours, gc_off))
        else:
            mine.append(_sample(ours, gc_off))
            if theirs is not None:
                other.append(_sample(theirs, gc_off))
    return mine, other


def _median(xs: Sequence[float]) -> float | None:
    return statistics.median(xs) if xs else None


@contextmanager
def recursion_limit(limit: int) -> Iterator[None]:
    """Raise the recursion limit for micrograd's recursive topological sort only."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


# ----------------------------------------------------------------------------- shared data


def mlp_spec(sizes: Sequence[int], rng: random.Random) -> list[list[tuple[list[float], float]]]:
    """Weights for an MLP as plain floats: layer → neuron → (w, b), like micrograd's init."""
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(nin)], 0.0) for _ in range(nout)]
        for nin, nout in itertools.pairwise(sizes)
    ]


def make_moons(n: int, noise: float, rng: random.Random) -> tuple[list[list[float]], list[float]]:
    """Two interleaved half circles (sklearn's ``make_moons``), labels ±1 as in micrograd."""
    xs: list[list[float]] = []
    ys: list[float] = []
    for i in range(n):
        outer = i < n // 2
        k = i if outer else i - n // 2
        m = n // 2 if outer else n - n // 2
        t = math.pi * k / max(m - 1, 1)
        if outer:
            x, y = math.cos(t), math.sin(t)
        else:
            x, y = 1.0 - math.cos(t), 0.5 - math.sin(t)
        xs.append([x + rng.gauss(0.0, noise), y + rng.gauss(0.0, noise)])
        ys.append(-1.0 if outer else 1.0)
    return xs, ys


# ----------------------------------------------------------------------------- our side

Layer = list[tuple[list[Value], Value]]


def ours_mlp(spec: list[list[tuple[list[float], float]]]) -> list[Layer]:
    """Our MLP: lists of weight Values per neuron (a minimal stand-in for ``nn``)."""
    return [[([Value(w) for w in ws], Value(b)) for ws, b in layer] for layer in spec]


def ours_params(layers: list[Layer]) -> list[Value]:
    return [p for layer in layers for ws, b in layer for p in (*ws, b)]


def ours_forward(layers: list[Layer], x: Sequence[Value | float]) -> list[Value]:
    """ReLU on hidden layers, linear output — micrograd's ``MLP``."""
    last = len(layers) - 1
    out: Sequence[Value | float] = x
    for i, layer in enumerate(layers):
        if i < last:
            out = [dot(ws, out, b).relu() for ws, b in layer]
        else:
            out = [dot(ws, out, b) for ws, b in layer]
    return list(out)  # type: ignore[arg-type]


def ours_sq_error(out: Sequence[Value], target: Sequence[float]) -> Value:
    return vsum([(o - t) ** 2 for o, t in zip(out, target, strict=True)])


def ours_moons_loss(
    layers: list[Layer], params: list[Value], xs: list[list[float]], ys: list[float]
) -> tuple[Value, float]:
    """micrograd's demo loss: mean hinge + 1e-4·Σp², plus the accuracy."""
    inputs = [[Value(a) for a in row] for row in xs]
    scores = [ours_forward(layers, x)[0] for x in inputs]
    losses = [(1 + -yi * s).relu() for yi, s in zip(ys, scores, strict=True)]
    data_loss = vsum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * dot(params, params)
    accuracy = [(yi > 0) == (s.data > 0) for yi, s in zip(ys, scores, strict=True)]
    return data_loss + reg_loss, sum(accuracy) / len(accuracy)


def ours_moons_step(
    layers: list[Layer], params: list[Value], xs: list[list[float]], ys: list[float], lr: float
) -> float:
    total, _ = ours_moons_loss(layers, params, xs, ys)
    for p in params:
        p.grad = 0.0
    total.backward()
    for p in params:
        p.data -= lr * p.grad
    return total.data


def ours_chain(n: int) -> tuple[Value, Value]:
    x0 = Value(1.0)
    x = x0
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    return x0, x


# ----------------------------------------------------------------------------- micrograd side


def mg_mlp(spec: list[list[tuple[list[float], float]]]) -> Any:
    sizes = [len(spec[0][0][0])] + [len(layer) for layer in spec]
    model = mg_nn.MLP(sizes[0], sizes[1:])
    for mg_layer, layer in zip(model.layers, spec, strict=True):
        for neuron, (ws, b) in zip(mg_layer.neurons, layer, strict=True):
            for p, w in zip(neuron.w, ws, strict=True):
                p.data = w
            neuron.b.data = b
    return model


def mg_sq_error(out: Any, target: Sequence[float]) -> Any:
    return sum((o - t) ** 2 for o, t in zip(out, target, strict=True))


def mg_moons_loss(model: Any, xs: list[list[float]], ys: list[float]) -> tuple[Any, float]:
    """Line for line the loss of micrograd's ``demo.ipynb``."""
    inputs = [list(map(MGValue, row)) for row in xs]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * s).relu() for yi, s in zip(ys, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    accuracy = [(yi > 0) == (s.data > 0) for yi, s in zip(ys, scores, strict=True)]
    return data_loss + reg_loss, sum(accuracy) / len(accuracy)


def mg_moons_step(model: Any, xs: list[list[float]], ys: list[float], lr: float) -> float:
    total, _ = mg_moons_loss(model, xs, ys)
    model.zero_grad()
    total.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return float(total.data)


def mg_chain(n: int) -> tuple[Any, Any]:
    x0 = MGValue(1.0)
    x = x0
    for _ in range(n):
        x = x * 1.0001 + 0.0001
    return x0, x


def mg_backward(root: Any, depth: int) -> None:
    with recursion_limit(depth + 1000):
        root.backward()


# ----------------------------------------------------------------------------- agreement


def _close(a: float, b: float, what: str) -> None:
    if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        raise AssertionError(f"peers disagree on {what}: ours {a!r}, micrograd {b!r}")


def _close_all(ours: Sequence[float], theirs: Sequence[float], what: str) -> None:
    if len(ours) != len(theirs):
        raise AssertionError(f"{what}: {len(ours)} vs {len(theirs)} values")
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        _close(a, float(b), f"{what}[{i}]")


# ----------------------------------------------------------------------------- workloads


@dataclass
class Config:
    repeats: int = 7
    chain_sizes: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000)
    max_mg_chain: int = 1_000_000  # larger N run ours only
    mg_chain_repeats: int = 5  # for the child-process micrograd runs (N > in_process_chain)
    in_process_chain: int = 100_000
    gc_variant: bool = True
    memory: bool = True
    seed: int = 0


def w1(cfg: Config, rows: list[Row], rng: random.Random) -> None:
    spec = mlp_spec([784, 1], rng)
    x = [rng.random() for _ in range(784)]
    ours = ours_mlp(spec)
    (ws, b) = ours[0][0]
    theirs = mg_nn.Neuron(784)
    for p, w in zip(theirs.w, spec[0][0][0], strict=True):
        p.data = w
    theirs.b.data = spec[0][0][1]

    def zero() -> None:
        for p in (*ws, b):
            p.grad = 0.0
        theirs.zero_grad()

    # agreement: floats as inputs, and Values as inputs (then both give ∂/∂x too)
    zero()
    y = dot(ws, x, b).relu()
    y.backward()
    y_mg = theirs(x)
    y_mg.backward()
    _close(y.data, y_mg.data, "W1 output")
    _close_all([p.grad for p in ws], [p.grad for p in theirs.w], "W1 ∂/∂w")
    xv = [Value(a) for a in x]
    xv_mg = [MGValue(a) for a in x]
    zero()
    dot(ws, xv, b).relu().backward()
    theirs(xv_mg).backward()
    _close_all([v.grad for v in xv], [v.grad for v in xv_mg], "W1 ∂/∂x")

    def ours_setup() -> Run:
        zero()
        return lambda: dot(ws, x, b).relu().backward()

    def mg_setup() -> Run:
        zero()
        return lambda: theirs(x).backward()

    def ours_setup_v() -> Run:
        zero()
        xs = [Value(a) for a in x]
        return lambda: dot(ws, xs, b).relu().backward()

    def mg_setup_v() -> Run:
        zero()
        xs = [MGValue(a) for a in x]
        return lambda: theirs(xs).backward()

    a, t = interleaved(ours_setup, mg_setup, cfg.repeats)
    rows.append(_row("W1 neuron 784, x floats", "fwd+bwd", a, t, "ms"))
    a, t = interleaved(ours_setup_v, mg_setup_v, cfg.repeats)
    rows.append(_row("W1 neuron 784, x Values", "fwd+bwd", a, t, "ms"))


def w2(cfg: Config, rows: list[Row], rng: random.Random) -> None:
    spec = mlp_spec([784, 16, 16, 10], rng)
    x = [rng.random() for _ in range(784)]
    target = [1.0 if i == 3 else 0.0 for i in range(10)]
    ours = ours_mlp(spec)
    params = ours_params(ours)
    assert len(params) == 13_002, len(params)
    theirs = mg_mlp(spec)

    def zero() -> None:
        for p in params:
            p.grad = 0.0
        theirs.zero_grad()

    zero()
    loss = ours_sq_error(ours_forward(ours, x), target)
    loss.backward()
    loss_mg = mg_sq_error(theirs(x), target)
    loss_mg.backward()
    _close(loss.data, loss_mg.data, "W2 loss")
    _close_all([p.grad for p in params], [p.grad for p in theirs.parameters()], "W2 ∂/∂params")
    del loss, loss_mg

    def ours_all() -> Run:
        zero()
        return lambda: ours_sq_error(ours_forward(ours, x), target).backward()

    def mg_all() -> Run:
        zero()
        return lambda: mg_sq_error(theirs(x), target).backward()

    def ours_fwd() -> Run:
        return lambda: ours_sq_error(ours_forward(ours, x), target)

    def mg_fwd() -> Run:
        return lambda: mg_sq_error(theirs(x), target)

    def ours_bwd() -> Run:
        zero()
        root = ours_sq_error(ours_forward(ours, x), target)
        return root.backward

    def mg_bwd() -> Run:
        zero()
        root = mg_sq_error(theirs(x), target)
        return root.backward  # type: ignore[no-any-return]

    name = "W2 MLP 784-16-16-10"
    a, t = interleaved(ours_all, mg_all, cfg.repeats)
    rows.append(_row(name, "fwd+bwd", a, t, "ms", target=30.0))
    a, t = interleaved(ours_fwd, mg_fwd, cfg.repeats)
    rows.append(_row(name, "forward", a, t, "ms"))
    a, t = interleaved(ours_bwd, mg_bwd, cfg.repeats)
    rows.append(_row(name, "backward", a, t, "ms"))
    if cfg.gc_variant:
        a, t = interleaved(ours_all, mg_all, cfg.repeats, gc_off=True)
        rows.append(_row(name, "fwd+bwd", a, t, "ms", gc_mode="disabled"))


def w3(cfg: Config, rows: list[Row], rng: random.Random) -> None:
    spec = mlp_spec([2, 16, 16, 1], rng)
    xs, ys = make_moons(100, 0.1, rng)
    ours = ours_mlp(spec)
    params = ours_params(ours)
    theirs = mg_mlp(spec)
    # agreement over a few steps: the losses, then the updated parameters
    for k in range(3):
        lr = 1.0 - 0.9 * k / 100
        _close(ours_moons_step(ours, params, xs, ys, lr), mg_moons_step(theirs, xs, ys, lr), "loss")
    _close_all([p.data for p in params], [p.data for p in theirs.parameters()], "W3 params")
    lr = 0.5

    def ours_setup() -> Run:
        return lambda: ours_moons_step(ours, params, xs, ys, lr)

    def mg_setup() -> Run:
        return lambda: mg_moons_step(theirs, xs, ys, lr)

    name = "W3 moons step 2-16-16-1, batch 100"
    a, t = interleaved(ours_setup, mg_setup, cfg.repeats)
    rows.append(_row(name, "step", a, t, "ms", target=20.0))
    if cfg.gc_variant:
        a, t = interleaved(ours_setup, mg_setup, cfg.repeats, gc_off=True)
        rows.append(_row(name, "step", a, t, "ms", gc_mode="disabled"))


def w4(cfg: Config, rows: list[Row]) -> None:
    # agreement on a short chain
    x0, x = ours_chain(1000)
    x.backward()
    m0, m = mg_chain(1000)
    mg_backward(m, 4 * 1000)
    _close(x.data, m.data, "W4 value")
    _close(x0.grad, m0.grad, "W4 dx_N/dx_0")
    del x0, x, m0, m

    for n in cfg.chain_sizes:
        name = f"W4 chain N={n:,}"
        mg_in = n <= cfg.in_process_chain and n <= cfg.max_mg_chain
        mg_child = not mg_in and n <= cfg.max_mg_chain

        def ours_build(n: int = n) -> Run:
            return lambda: ours_chain(n)

        def mg_build(n: int = n) -> Run:
            return lambda: mg_chain(n)

        def ours_bwd(n: int = n) -> Run:
            return ours_chain(n)[1].backward

        def mg_bwd(n: int = n) -> Run:
            root = mg_chain(n)[1]
            return lambda: mg_backward(root, 4 * n)

        b_ours, b_mg = interleaved(ours_build, mg_build if mg_in else None, cfg.repeats)
        k_ours, k_mg = interleaved(ours_bwd, mg_bwd if mg_in else None, cfg.repeats)
        note = ""
        if mg_child:
            got = _mg_chain_child(n, cfg.mg_chain_repeats)
            if "error" in got:
                note = f"micrograd failed: {got['error']}"
            else:
                b_mg, k_mg = got["build"], got["backward"]
                note = f"micrograd in a child process, {len(k_mg)} samples"
        elif not mg_in:
            note = f"micrograd not run (N > --max-mg-chain {cfg.max_mg_chain:,})"
        rows.append(_row(name, "build", b_ours, b_mg, "µs/step", per=n, note=note))
        rows.append(_row(name, "backward", k_ours, k_mg, "µs/step", per=n, target=2.0, note=note))
        if cfg.gc_variant and n == 100_000:
            a, t = interleaved(ours_build, mg_build, cfg.repeats, gc_off=True)
            rows.append(_row(name, "build", a, t, "µs/step", per=n, gc_mode="disabled"))
            a, t = interleaved(ours_bwd, mg_bwd, cfg.repeats, gc_off=True)
            rows.append(_row(name, "backward", a, t, "µs/step", per=n, gc_mode="disabled"))


def _mg_chain_child(n: int, repeats: int) -> dict[str, Any]:
    """Run micrograd's long chain in a child process: a crash there is reported, not fatal."""
    cmd = [sys.executable, __file__, "--mg-chain-child", str(n), "--repeats", str(repeats)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after 30 min"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit status {done.returncode}: {tail}"}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def mg_chain_child(n: int, repeats: int) -> None:
    builds: list[float] = []
    backs: list[float] = []
    for _ in range(repeats):
        builds.append(_sample(lambda: lambda: mg_chain(n), gc_off=False))

        def setup() -> Run:
            root = mg_chain(n)[1]
            return lambda: mg_backward(root, 4 * n)

        backs.append(_sample(setup, gc_off=False))
    print(json.dumps({"build": builds, "backward": backs}))


def _peak_rss() -> int:
    """This process's peak resident set size in bytes (Linux ``VmHWM``).

    Not ``getrusage``: on Linux its ``ru_maxrss`` survives ``exec``, so a child would
    inherit the benchmark parent's much larger peak.
    """
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def memory_child(peer: str, n: int) -> None:
    """Print the memory a chain of ``n`` steps costs one peer, measured in a fresh process.

    ``graph``: bytes held after building, traced by tracemalloc. ``peak``: growth of the
    peak resident set size over building plus backward (Python 3.11's tracemalloc slows
    down quadratically under micrograd's 4·N-deep recursion, so that peak is read from
    the OS for both peers instead).
    """
    build, back = (
        (ours_chain, lambda r: r.backward())
        if peer == "ours"
        else (mg_chain, lambda r: mg_backward(r, 4 * n))
    )
    gc.collect()
    base = _peak_rss()
    root = build(n)[1]
    back(root)
    peak = _peak_rss()
    del root
    gc.collect()
    tracemalloc.start()
    kept = build(n)  # held while measuring
    graph, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    print(json.dumps({"graph": graph / n, "peak": (peak - base) / n}))


def chain_memory(n: int) -> dict[str, dict[str, float]]:
    """Bytes per chain step for both peers (see :func:`memory_child`)."""
    out = {}
    for peer in ("ours", "micrograd"):
        cmd = [sys.executable, __file__, "--memory-child", peer, str(n)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=True)
        out[peer] = json.loads(done.stdout)
    return out


# ----------------------------------------------------------------------------- report


def _row(
    workload: str,
    phase: str,
    ours: list[float],
    theirs: list[float],
    unit: str,
    per: int = 1,
    target: float | None = None,
    gc_mode: str = "default",
    note: str = "",
) -> Row:
    row = Row(
        workload=workload,
        phase=phase,
        ours=_median(ours) or 0.0,
        theirs=_median(theirs),
        unit=unit,
        per=per,
        target=target,
        samples=len(ours),
        gc_mode=gc_mode,
        note=note,
        ours_all=ours,
        theirs_all=theirs,
    )
    print(_format_row(row), flush=True)
    return row


_SCALE = {"ms": 1e3, "µs/step": 1e6, "s": 1.0}


def _fmt_time(seconds: float | None, row: Row) -> str:
    if seconds is None:
        return "—"
    value = seconds / row.per * _SCALE[row.unit]
    return f"{value:.3g} {row.unit}"


def _format_row(row: Row) -> str:
    ratio = "—" if row.ratio is None else f"{row.ratio:.1f}×"
    target = "—" if row.target is None else f"≥ {row.target:g}×"
    met = {None: "—", True: "yes", False: "**no**"}[row.met]
    gc_note = "" if row.gc_mode == "default" else " (gc off)"
    note = f" {row.note}" if row.note else ""
    return (
        f"| {row.workload}{gc_note} | {row.phase} | {_fmt_time(row.ours, row)} | "
        f"{_fmt_time(row.theirs, row)} | {ratio} | {target} | {met} |{note}"
    )


HEADER = (
    "| workload | timed | autograd-mini | micrograd | speed-up | target | met? |\n"
    "|---|---|---|---|---|---|---|"
)


def machine() -> str:
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu
            )
    except OSError:
        pass
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{cpu or 'unknown processor'}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="samples per peer (median)")
    parser.add_argument("--quick", action="store_true", help="3 repeats, chains up to 10⁴")
    parser.add_argument("--only", default="1234", help="workloads to run, e.g. '23'")
    parser.add_argument(
        "--max-mg-chain", type=int, default=1_000_000, help="longest chain given to micrograd"
    )
    parser.add_argument("--no-gc-variant", action="store_true", help="skip the gc-off rows")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc row")
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--mg-chain-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child[0], int(args.memory_child[1]))
        return 0
    if args.mg_chain_child:
        mg_chain_child(args.mg_chain_child, args.repeats)
        return 0
    if mg_nn is None:
        print("micrograd is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    cfg = Config(
        repeats=args.repeats,
        max_mg_chain=args.max_mg_chain,
        gc_variant=not args.no_gc_variant,
        memory=not args.no_memory,
        mg_chain_repeats=min(args.repeats, 5),
    )
    if args.quick:
        cfg.repeats = 3
        cfg.chain_sizes = (1_000, 10_000)
    print(f"# autograd-mini vs micrograd 0.1.0 — {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"# {machine()}; gc thresholds {gc.get_threshold()}; medians of {cfg.repeats}")
    print(HEADER)
    rows: list[Row] = []
    rng = random.Random(cfg.seed)
    if "1" in args.only:
        w1(cfg, rows, rng)
    if "2" in args.only:
        w2(cfg, rows, rng)
    if "3" in args.only:
        w3(cfg, rows, rng)
    if "4" in args.only:
        w4(cfg, rows)
    if cfg.memory and "4" in args.only:
        n = 100_000 if cfg.max_mg_chain >= 100_000 else 10_000
        mem = chain_memory(n)
        ours_m, mg_m = mem["ours"], mem["micrograd"]
        print(f"\nW4 memory per chain step at N={n:,} (fresh child process per peer):")
        print("| measure | autograd-mini | micrograd | ratio |\n|---|---|---|---|")
        for key, what in (
            ("graph", "graph after build (tracemalloc)"),
            ("peak", "peak RSS growth"),
        ):
            print(
                f"| {what} | {ours_m[key]:.0f} B | {mg_m[key]:.0f} B | "
                f"{mg_m[key] / max(ours_m[key], 1.0):.1f}× |"
            )
    missed = [r for r in rows if r.met is False]
    print(f"\ntargets met: {sum(r.met is True for r in rows)}, missed: {len(missed)}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([asdict(r) for r in rows], fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
