"""``autograd-mini-demo`` (or ``python -m nn``): train 3Blue1Brown's kind of digit network
and write what it learned.

A sigmoid MLP (64-16-16-10 on the digits by default) with squared-error cost and
mini-batch SGD — 3Blue1Brown's digit network, scaled to 8×8 images. ``--data mnist`` trains
the full 784-16-16-10 network on MNIST's 60,000 images (downloaded once into a
cache, see :func:`nn.data.mnist`) and scores it on the 10,000 test images. Writes into
the output folder:

* ``loss_curve.png`` — training loss and test accuracy per epoch;
* ``neuron_backward.svg`` — the backward pass of one output neuron's cost,
  z = Σ w·a + b → σ(z) → (a − y)², drawn as its own graph: each gradient a box, each
  edge × a local derivative, ∂C/∂wₖ = aₖ·δ beside ∂C/∂aₖ = wₖ·δ (and
  ``neuron_forward.svg``, the same neuron's forward graph with its gradients);
* ``model.json`` — the trained network (load it with ``nn.load``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from autograd_mini import Value, dot, no_grad, trace
from autograd_mini.cli_graph import whole_number
from nn.data import DATASETS, load_dataset, train_test_split
from nn.layers import ACTIVATIONS, MLP, parameter_count
from nn.metrics import accuracy
from nn.mnist import CLASSES as MNIST_CLASSES
from nn.mnist import FEATURES as MNIST_PIXELS
from nn.mnist import DataUnavailableError, mnist, not_a_folder
from nn.optim import SGD
from nn.serialize import save
from nn.train import History, TrainingDiverged, evaluate, fit

__all__ = ["PROG", "build_parser", "main", "output_cost", "run"]

#: per data set: (lr, batch size, epochs) that train in seconds
_DEFAULTS = {
    "digits": (3.0, 10, 8),
    "moons": (2.0, 10, 150),
    "circles": (2.0, 10, 60),
    "spirals": (2.0, 10, 100),
    "xor": (2.0, 10, 60),
    "mnist": (1.0, 10, 10),
}

#: the speed comparison trains one eager epoch: on at most this many samples
_SPEED_SAMPLES = 2000

#: The console script (``python -m nn`` and ``python -m nn.demo`` run the same).
PROG = "autograd-mini-demo"
#: The most parameters ``--layers`` may ask for: 784-1000-1000-10 (1.8 million) is
#: within it; a typo such as 100000,100000 (10 billion) is refused before building.
MAX_PARAMETERS = 2_000_000


def _layers(text: str) -> list[int]:
    # every part a size: "16,,16" is a slip, not 16,16; "" would leave no hidden layer
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(  # (argparse puts "argument --layers:" first)
            f"expected comma-separated positive integers such as 16,16 (one hidden layer "
            f"at least), got {text!r}"
        ) from None
    if any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive, got {text!r}")
    return sizes


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < float("inf"):  # inf (or 1e999) failed after the model was built
        raise argparse.ArgumentTypeError(f"expected a positive finite number, got {text!r}")
    return value


def _whole(least: int) -> Callable[[str], int]:
    """An option that counts (epochs, a batch size, a seed): every one says "expected a
    whole number" for 2.5, where --epochs said only "expected a number"."""

    def parse(text: str) -> int:
        value = whole_number(text)
        if value < least:  # numpy refuses a negative seed, fit 0 epochs: here, not later
            raise argparse.ArgumentTypeError(f"expected a number ≥ {least}, got {text!r}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    """The demo's own command line: it belongs to ``nn``, not to the engine's command
    (the engine never imports the library built on it)."""
    p = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Train a sigmoid MLP with squared-error cost and mini-batch SGD (3Blue1Brown's "
            "network), print train/test accuracy and write loss_curve.png, "
            "neuron_backward.svg (with neuron_forward.svg) and model.json into the output "
            "folder."
        ),
    )
    p.add_argument(
        "--dataset",
        "--data",
        dest="dataset",
        choices=sorted(DATASETS | {"mnist"}),
        default="digits",
        help="digits (8×8, offline; default), mnist (28×28, downloaded once), or a 2-D toy set",
    )
    p.add_argument(
        "--data-dir",
        default=None,
        help="folder holding the MNIST files (default: the per-user cache folder)",
    )
    p.add_argument(
        "--layers", type=_layers, default=[16, 16], help="hidden layer sizes (default 16,16)"
    )
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="sigmoid")

    def per_set(i: int) -> str:  # the defaults depend on the data set
        return "default: " + ", ".join(f"{name} {v[i]}" for name, v in _DEFAULTS.items())

    p.add_argument("--lr", type=_positive, help=f"learning rate η ({per_set(0)})")
    p.add_argument("--batch-size", type=_whole(1), help=f"samples a step ({per_set(1)})")
    p.add_argument("--epochs", type=_whole(1), help=f"passes over the data ({per_set(2)})")
    p.add_argument(
        "--seed", type=_whole(0), default=0, help="shuffling, split and start (default 0)"
    )
    p.add_argument("--output-dir", default="demo-output")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--engine",
        choices=["compiled", "eager"],
        default="compiled",
        help="compiled (default): trace one sample's graph, replay it on whole batches "
        "with numpy, and time one eager epoch for comparison; eager: a fresh scalar "
        "graph per sample",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options (``sys.argv`` by default), train, write; the exit status."""
    return run(build_parser().parse_args(argv))


def _plot(history: History, path: str, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(history.loss) + 1)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(epochs, history.loss, marker="o", color="tab:blue", label="training cost")
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no epoch 1.25
    ax.set_ylabel("cost C", color="tab:blue")
    if history.val_accuracy:
        ax2 = ax.twinx()
        ax2.plot(epochs, history.val_accuracy, marker="s", color="tab:green", label="test accuracy")
        ax2.set_ylabel("test accuracy", color="tab:green")
        ax2.set_ylim(0, 1)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def neuron_cost(model: MLP, x: Any, target: int) -> Value:
    """One output neuron's cost C = (σ(Σ w·a + b) − y)², its graph labelled, gradients filled.

    The hidden activations a come from the trained network (as constants); the
    neuron's weights and bias are fresh leaves so the drawing shows only this neuron.
    """
    with no_grad():
        a = list(map(float, x))  # through every hidden layer (none: the inputs themselves)
        for layer in model.layers[:-1]:
            a = [v.data for v in layer.fire(a)]
    neuron = model.layers[-1].neurons[target]
    return output_cost([w.data for w in neuron.w], a, neuron.b.data, neuron.activation)


def output_cost(
    weights: Sequence[float], activations: Sequence[float], bias: float, activation: str
) -> Value:
    """C = (f(Σ wᵢ·aᵢ + b) − 1)² on fresh, labelled leaves (w0…, a0…, b, z, a_out, C),
    back-propagated: the graph the demo draws, from plain numbers (the drawing benchmark
    builds it from random ones)."""
    ws = [Value(w, label=f"w{i}") for i, w in enumerate(weights)]
    acts = [Value(v, label=f"a{i}") for i, v in enumerate(activations)]
    z = dot(ws, acts, Value(bias, label="b"))
    z.label = "z"
    out = ACTIVATIONS[activation](z)
    out.label = "a_out"
    diff = out - 1.0
    diff.label = "a_out − y"
    cost = diff * diff
    cost.label = "C"
    cost.backward()
    return cost


def _draw(cost: Value, path: str) -> bool:
    """The neuron's backward pass at ``path``, its forward graph beside it (…_forward.svg).

    A neuron of a wide last hidden layer (500 inputs or more) is drawn with its inputs
    summarised (``collapse="inputs"``): drawn whole it is more boxes than a picture can
    show, and the demo failed there after training, before saving the model."""
    try:
        from autograd_mini.draw import TooManyNodes, draw_graph
    except ImportError:
        print("  (skipped neuron_backward.svg: autograd_mini.draw is not available)")
        return False
    title = "one output neuron: C = (σ(Σ w·a + b) − y)²"
    try:
        backward = draw_graph(cost, view="backward", title=title + ", backward pass")
        options: dict[str, Any] = {}
    except TooManyNodes:
        options = {"collapse": "inputs"}
        backward = draw_graph(cost, view="backward", title=title + ", backward pass", **options)
    backward.save(path)
    forward = path.replace("_backward.svg", "_forward.svg")
    draw_graph(cost, title=title, **options).save(forward)
    return True


#: What the demo writes into --output-dir, in the order it writes them.
OUTPUTS = ("model.json", "loss_curve.png", "neuron_backward.svg", "neuron_forward.svg")


def _writable(out_dir: str) -> str | None:
    """Why the demo could not write its files into ``out_dir`` (made if missing), or
    None: checked before training — an MNIST run should not learn for minutes and then
    fail on a folder it cannot write into, or a folder sitting where a file goes."""
    if os.path.isfile(out_dir):
        return "it is a file, not a folder"
    try:
        os.makedirs(out_dir, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):  # the one test of "writable" that is
            pass  # true on every system (access() says yes on a read-only mount)
    except OSError as exc:
        return f"cannot write into the folder ({exc.strerror or exc})"
    taken = [name for name in OUTPUTS if os.path.isdir(os.path.join(out_dir, name))]
    if taken:
        return f"{taken[0]} is a folder there, where the demo writes a file of that name"
    return None


def _too_many_parameters(layers: list[int], features: int, classes: int) -> bool:
    """Whether the network --layers makes is over :data:`MAX_PARAMETERS` (then it says so).

    Counted before building: 10⁵ × 10⁵ grew by 40 MB/s, printing nothing."""
    widths = [features, *layers, classes]
    count = parameter_count({"type": "MLP", "nin": widths[0], "nouts": widths[1:]})
    if count <= MAX_PARAMETERS:
        return False
    print(f"{PROG}: --layers {','.join(map(str, layers))} makes a "
          f"{'-'.join(map(str, widths))} network of {count:,} parameters; the demo "
          f"trains at most {MAX_PARAMETERS:,} (each is a Value of about 140 bytes, "
          f"before training's arrays): give smaller layers", file=sys.stderr)  # fmt: skip
    return True


def _compare_speed(
    make_model: Any, X: np.ndarray, y: np.ndarray, lr: float, batch_size: int, seed: int
) -> None:
    """One epoch of the same training, from the same start, on both engines."""
    subset = f" (its first {_SPEED_SAMPLES:,} samples)" if len(y) > _SPEED_SAMPLES else ""
    X, y = X[:_SPEED_SAMPLES], y[:_SPEED_SAMPLES]
    runs = []
    for compiled in (False, True):
        twin = make_model()
        runs.append(
            fit(
                twin,
                X,
                y,
                loss="squared_error",
                optimizer=SGD(twin.parameters(), lr=lr),
                epochs=1,
                batch_size=batch_size,
                seed=seed,
                progress=False,
                compiled=compiled,
            )
        )
    eager, fast = runs
    ratio = eager.seconds / fast.seconds
    said = f"{ratio:.0f}× faster" if ratio >= 9.5 else f"{ratio:.1f}× as fast"  # 1.14: "1×"
    print(
        f"speed, one epoch{subset}: {eager.seconds * 1000:.0f} ms on the eager engine, "
        f"{fast.seconds * 1000:.0f} ms traced once and replayed on batches "
        f"({said}; {_losses_compared(eager.loss[0], fast.loss[0])})"
    )


def _losses_compared(eager: float, fast: float) -> str:
    """How far the traced epoch's loss is from the eager one's, relative to it: said to
    be identical when the two are the same float (it printed "differ by 0e+00")."""
    if fast == eager:
        return "the epoch's losses are identical"
    if eager == 0.0:  # nothing to be relative to
        return f"the epoch's losses differ by {abs(fast):.0e}"
    return f"the epoch's losses differ by {abs(fast / eager - 1):.0e}"


def _train_accuracy(model: MLP, X: np.ndarray, y: np.ndarray, compiled: bool) -> float:
    """Accuracy on the training set; with the compiled engine by one traced replay of
    the model (an eager pass over MNIST's 60,000 images would take minutes)."""
    if not compiled:
        return evaluate(model, X, y, "squared_error")[1]
    traced = trace(model.forward, X[0].tolist(), params=model.parameters(), check=True)
    traced.forward(X[:16])  # the check: its first call is also run eagerly, sample by sample
    return accuracy(traced.forward(X).tolist(), y.tolist())


def run(args: argparse.Namespace) -> int:
    """Train, report accuracy, write the three files; returns the exit status."""
    started = time.perf_counter()
    lr0, bs0, ep0 = _DEFAULTS[args.dataset]
    lr = args.lr if args.lr is not None else lr0
    batch_size = args.batch_size if args.batch_size is not None else bs0
    epochs = args.epochs if args.epochs is not None else ep0
    if args.data_dir is not None and args.dataset != "mnist":
        print(f"{PROG}: --data-dir is the folder of the MNIST files; it needs "
              "--data mnist", file=sys.stderr)  # fmt: skip
        return 2
    out_dir = args.output_dir
    why = _writable(out_dir)
    if why is not None:
        print(f"{PROG}: --output-dir {out_dir!r}: {why}", file=sys.stderr)
        return 2
    why = None if args.data_dir is None else not_a_folder(Path(args.data_dir))
    if why is not None:  # mnist(root=...) says it in the same words
        print(f"{PROG}: --data-dir {args.data_dir!r} {why}", file=sys.stderr)
        return 2
    if args.dataset == "mnist":  # the published split: 60,000 to train, 10,000 to test
        # sized before the download (11 MB): MNIST's shape is known without its files
        if _too_many_parameters(args.layers, MNIST_PIXELS, MNIST_CLASSES):
            return 2
        try:
            (X_train, y_train), (X_test, y_test) = mnist(
                args.data_dir, progress=not args.no_progress
            )
        except DataUnavailableError as exc:
            print(f"{PROG}: {exc}", file=sys.stderr)
            return 1
        except OSError as exc:  # a file given as the folder, a folder it may not write
            where = "--data-dir" if args.data_dir is not None else "the cache folder"
            print(f"{PROG}: {where} {exc.filename or args.data_dir!r}: {exc.strerror or exc}",
                  file=sys.stderr)  # fmt: skip
            return 2
        X, y = X_train, y_train
    else:
        X, y = load_dataset(args.dataset, seed=args.seed)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=args.seed)
    classes = int(np.max(y)) + 1

    if _too_many_parameters(args.layers, X.shape[1], classes):
        return 2

    def make_model() -> MLP:
        sizes = [*args.layers, classes]
        return MLP(X.shape[1], sizes, args.activation, output_activation="sigmoid", seed=args.seed)

    model = make_model()
    print(f"data: {args.dataset}, {len(y_train)} training and {len(y_test)} test samples")
    print(f"model: {model}")
    compiled = args.engine == "compiled"
    print(
        f"training: squared error, SGD η={lr}, batch {batch_size}, {epochs} "
        f"epoch{'s' if epochs != 1 else ''}, {args.engine} engine"
    )
    try:
        history = fit(
            model,
            X_train,
            y_train,
            loss="squared_error",
            optimizer=SGD(model.parameters(), lr=lr),
            epochs=epochs,
            batch_size=batch_size,
            seed=args.seed,
            progress=not args.no_progress,
            validation=(X_test, y_test),
            compiled=compiled,
        )
    except TrainingDiverged as exc:  # its message says where, and what to try
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    train_acc = _train_accuracy(model, X_train, y_train, compiled)
    test_acc = history.val_accuracy[-1]
    print(f"train accuracy: {train_acc:.1%}   test accuracy: {test_acc:.1%}")
    if compiled:
        _compare_speed(make_model, X_train, y_train, lr, batch_size, args.seed)

    # the model first: what the training made is the one output that cannot be redone
    model_path = os.path.join(out_dir, "model.json")
    save(model, model_path)
    written = [model_path]
    curve = os.path.join(out_dir, "loss_curve.png")
    _plot(history, curve, f"{model!r}".split("  #")[0] + f" on {args.dataset}")
    written.append(curve)
    svg = os.path.join(out_dir, "neuron_backward.svg")
    if _draw(neuron_cost(model, X_test[0], int(y_test[0])), svg):
        written += [svg, svg.replace("_backward.svg", "_forward.svg")]
    print("wrote: " + ", ".join(written))
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
