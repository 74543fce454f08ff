"""``autograd-mini-demo`` (``python -m nn``): options, files written, the neuron graph."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import math
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

import nn
from autograd_mini.backward import walk
from nn import demo
from nn.demo import main, neuron_cost


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--dataset", "--data", "--data-dir", "--layers", "--activation", "--lr",
                   "--batch-size", "--epochs", "--seed", "--output-dir", "--no-progress",
                   "--engine"):  # fmt: skip
        assert option in text


def test_demo_trains_and_writes_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo-output"
    args = ["--dataset", "moons", "--layers", "8", "--epochs", "40"]
    status = main([*args, "--no-progress", "--output-dir", str(out)])
    assert status == 0
    printed = capsys.readouterr().out
    assert "train accuracy" in printed and "test accuracy" in printed
    test_acc = float(printed.split("test accuracy: ")[1].split("%")[0])
    assert test_acc >= 80.0  # two moons are easy; a broken trainer stays near 50 %
    assert (out / "loss_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    model = nn.load(out / "model.json")
    assert model.architecture() == {
        "type": "MLP",
        "nin": 2,
        "nouts": [8, 2],
        "activation": "sigmoid",
        "output_activation": "sigmoid",
    }
    svg = out / "neuron_backward.svg"
    if importlib.util.find_spec("autograd_mini.draw") is None:  # drawing is optional
        assert "skipped neuron_backward.svg" in printed
    else:
        assert "<svg" in svg.read_text()
    assert json.loads((out / "model.json").read_text())["format"] == "autograd-mini/model"
    assert "speed, one epoch:" in printed and re.search(r"\d× (faster|as fast)", printed)
    assert "differ by 0e+00" not in printed  # equal losses are said to be identical
    # the eager engine trains the very same network: the same accuracies are printed
    status = main([*args, "--engine", "eager", "--no-progress", "--output-dir", str(out)])
    eager = capsys.readouterr().out
    assert status == 0 and "speed" not in eager
    line = next(x for x in printed.splitlines() if x.startswith("train accuracy"))
    assert line in eager.splitlines()


@pytest.mark.parametrize(
    ("eager", "fast", "said"),
    [
        (0.25, 0.25, "the epoch's losses are identical"),
        # one ulp above 0.25 is 2⁻⁵⁴ more: 2⁻⁵² = 2.2e-16 of it
        (0.25, math.nextafter(0.25, 1.0), "the epoch's losses differ by 2e-16"),
        (0.5, 0.5005, "the epoch's losses differ by 1e-03"),
        (0.0, 1e-20, "the epoch's losses differ by 1e-20"),
    ],
)
def test_the_speed_line_says_how_far_the_epoch_losses_are_apart(
    eager: float,
    fast: float,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The demo's speed line printed "the epoch's losses differ by 0e+00" when the eager
    and the traced epoch ended on the same loss: it says they are identical."""
    seconds = iter([1.0, 0.1])

    def one_epoch(*args: Any, compiled: bool, **kwargs: Any) -> Any:
        return SimpleNamespace(seconds=next(seconds), loss=[fast if compiled else eager])

    monkeypatch.setattr(demo, "fit", one_epoch)
    X, y = nn.data.moons(20, seed=0)
    demo._compare_speed(lambda: nn.MLP(2, [2, 2], seed=0), X, y, 0.1, 10, 0)
    printed = capsys.readouterr().out
    assert printed.rstrip().endswith(f"(10× faster; {said})"), printed


def test_neuron_graph_gradients_follow_the_seed_formula() -> None:
    """∂C/∂wᵢ = aᵢ·σ′(z)·2(a − y) and ∂C/∂b = σ′(z)·2(a − y) for the drawn neuron."""
    model = nn.MLP(3, [4, 2], activation="sigmoid", output_activation="sigmoid", seed=0)
    cost = neuron_cost(model, [0.2, 0.5, 0.9], 1)
    leaves = {v.label: v for v in walk(cost) if not v.parents}
    neuron = model.layers[-1].neurons[1]
    hidden = [n.fire([0.2, 0.5, 0.9]).data for n in model.layers[0].neurons]
    z = sum(w.data * a for w, a in zip(neuron.w, hidden, strict=True)) + neuron.b.data
    a = 1 / (1 + math.exp(-z))
    delta = a * (1 - a) * 2 * (a - 1.0)
    assert cost.data == pytest.approx((a - 1.0) ** 2, rel=1e-12)
    assert leaves["b"].grad == pytest.approx(delta, rel=1e-10)
    for i, h in enumerate(hidden):
        assert leaves[f"w{i}"].grad == pytest.approx(h * delta, rel=1e-10)
        assert leaves[f"a{i}"].grad == pytest.approx(neuron.w[i].data * delta, rel=1e-10)


def test_bad_options_exit_with_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (["--layers", "16,x"], ["--layers", ""], ["--layers", "16,,16"], ["--lr", "-1"],
                ["--dataset", "cifar10"], ["--epochs", "0"]):  # fmt: skip
        with pytest.raises(SystemExit) as exit_info:
            main(bad)
        assert exit_info.value.code == 2
    assert "--layers" in capsys.readouterr().err


def test_layers_beyond_the_parameter_limit_are_refused_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--layers 100000,100000 printed nothing while its memory grew by 40 MB/s (10 billion
    parameters, each a Value): refused at once, naming --layers and the count worked out
    by hand for the 64-input digits set: 65·10⁵ + 100001·10⁵ + 100001·10."""
    code = main(["--layers", "100000,100000", "--epochs", "1", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    want = 65 * 10**5 + 100_001 * 10**5 + 100_001 * 10
    assert f"--layers 100000,100000 makes a 64-100000-100000-10 network of {want:,}" in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_mnist_layers_beyond_the_limit_are_refused_before_the_download(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    refusing_port: int,
) -> None:
    """--data mnist --layers 100000,100000 downloaded MNIST's 11 MB first, and only then
    refused the network: now refused before any file is asked for (the mirror here answers
    nothing, so a download would exit 1 with "no answer"). 785·10⁵ + 100001·10⁵ +
    100001·10 parameters, by hand."""
    port = refusing_port
    monkeypatch.setattr(nn.mnist, "MIRRORS", (f"http://127.0.0.1:{port}/mnist/",))
    args = ["--data", "mnist", "--data-dir", str(tmp_path / "data"), "--no-progress"]
    status = main([*args, "--layers", "100000,100000", "--output-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2, err
    want = 785 * 10**5 + 100_001 * 10**5 + 100_001 * 10
    assert f"--layers 100000,100000 makes a 784-100000-100000-10 network of {want:,}" in err
    assert "no answer" not in err and not (tmp_path / "data").exists()


def _write_idx_gz(path: Path, array: np.ndarray) -> str:
    """A gzipped unsigned-byte IDX file, from the format's description; its SHA-256."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    body = gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)
    path.write_bytes(body)
    return hashlib.sha256(body).hexdigest()


def test_demo_on_mnist_trains_the_seeds_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--data mnist: the 784-16-16-10 network on MNIST's files, from a folder holding a
    small stand-in set (digit c lights up rows 2c, 2c+1 of the 28×28 image)."""
    rng = np.random.default_rng(0)
    data = tmp_path / "mnist"
    data.mkdir()
    sums = {}
    for prefix, n in (("train", 150), ("t10k", 50)):
        labels = np.arange(n) % 10
        images = rng.integers(0, 60, size=(n, 28, 28))
        for i, c in enumerate(labels):
            images[i, 2 * c : 2 * c + 2, :] = 255
        sums[f"{prefix}-images-idx3-ubyte.gz"] = _write_idx_gz(
            data / f"{prefix}-images-idx3-ubyte.gz", images
        )
        sums[f"{prefix}-labels-idx1-ubyte.gz"] = _write_idx_gz(
            data / f"{prefix}-labels-idx1-ubyte.gz", labels
        )
    monkeypatch.setattr(nn.mnist, "SHA256", sums)  # the stand-in's published values
    out = tmp_path / "out"
    args = ["--data", "mnist", "--data-dir", str(data), "--epochs", "10"]
    assert main([*args, "--no-progress", "--output-dir", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "data: mnist, 150 training and 50 test samples" in printed
    assert "MLP(784-16-16-10, sigmoid → sigmoid" in printed
    assert float(printed.split("test accuracy: ")[1].split("%")[0]) >= 90.0
    assert nn.load(out / "model.json").architecture()["nouts"] == [16, 16, 10]


def test_demo_on_mnist_offline_says_where_to_put_the_files(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    refusing_port: int,
) -> None:
    port = refusing_port
    monkeypatch.setattr(nn.mnist, "MIRRORS", (f"http://127.0.0.1:{port}/mnist/",))
    args = ["--data", "mnist", "--data-dir", str(tmp_path / "data"), "--no-progress"]
    status = main([*args, "--output-dir", str(tmp_path / "out")])  # not ./demo-output
    assert status == 1
    err = capsys.readouterr().err
    assert f"http://127.0.0.1:{port}/mnist/train-images-idx3-ubyte.gz: no answer" in err
    assert f"put them in {tmp_path / 'data'}" in err


def test_data_dir_without_mnist_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", "moons", "--data-dir", str(tmp_path)]) == 2
    assert "needs --data mnist" in capsys.readouterr().err


def test_the_engine_command_does_not_load_nn() -> None:
    """The engine must not depend on the library built on it: ``autograd-mini`` (its
    help, its graph command) runs without importing ``nn``, and points a user who types
    ``autograd-mini demo`` to the demo's own command."""
    code = (
        "import sys\n"
        "from autograd_mini.cli import main\n"
        "assert main(['demo']) == 2\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m == 'nn' or m.startswith('nn.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "autograd-mini-demo (or python -m nn)" in done.stderr


@pytest.mark.parametrize("module", ["nn", "nn.demo"])
def test_python_m_runs_the_demo(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.startswith("usage: autograd-mini-demo")
    assert "--data-dir" in done.stdout


def test_the_console_script_is_declared() -> None:
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    scripts = text.split("[project.scripts]")[1].split("\n[")[0]
    assert 'autograd-mini-demo = "nn.demo:main"' in scripts.splitlines()


def test_an_output_dir_that_cannot_be_made_is_refused_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file where the folder should be: refused at once (it was a FileExistsError
    traceback after the whole training run)."""
    import nn.demo

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("trained before the output folder was checked")

    monkeypatch.setattr(nn.demo, "fit", no_training)
    blocker = tmp_path / "taken"
    blocker.write_text("a file")
    status = main(["--dataset", "moons", "--no-progress", "--output-dir", str(blocker)])
    assert status == 2
    assert f"--output-dir {str(blocker)!r}: it is a file, not a folder" in capsys.readouterr().err
    folder = tmp_path / "out"
    (folder / "model.json").mkdir(parents=True)  # a folder where a file goes
    status = main(["--dataset", "moons", "--no-progress", "--output-dir", str(folder)])
    assert status == 2
    assert "model.json is a folder there" in capsys.readouterr().err
    status = main(
        ["--data", "mnist", "--data-dir", str(blocker), "--output-dir", str(folder / "x")]
    )
    assert status == 2
    assert f"--data-dir {str(blocker)!r} is a file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--lr", "inf", "argument --lr: expected a positive finite number, got 'inf'"),
        ("--lr", "1e999", "argument --lr: expected a positive finite number, got '1e999'"),
        ("--seed", "-1", "argument --seed: expected a number ≥ 0, got '-1'"),
        ("--layers", "16,x", "hidden layer at least), got '16,x'"),
        # every option that counts says so; --epochs 2.5 said only "expected a number"
        ("--epochs", "2.5", "argument --epochs: expected a whole number, got '2.5'"),
        ("--batch-size", "2.5", "argument --batch-size: expected a whole number, got '2.5'"),
        ("--seed", "2.5", "argument --seed: expected a whole number, got '2.5'"),
        ("--epochs", "0", "argument --epochs: expected a number ≥ 1, got '0'"),
    ],
)
def test_an_option_out_of_range_is_a_usage_error(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lr inf and --seed -1 were accepted, then failed as tracebacks once the model
    was built (SGD's and train_test_split's own checks)."""
    with pytest.raises(SystemExit) as exit_info:
        main([option, value])
    assert exit_info.value.code == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.endswith(message) and line.count(option) == 1, line


def test_a_diverging_run_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--data", "moons", "--activation", "linear", "--lr", "1e300", "--epochs", "1",
                   "--no-progress", "--output-dir", str(tmp_path)])  # fmt: skip
    assert status == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("autograd-mini-demo: fit: epoch 1 of 1, batch ")
    assert "lr = 1e+300" in line and not (tmp_path / "model.json").exists()


def test_a_wide_last_hidden_layer_is_drawn_summarised_and_the_model_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--layers 512: the output neuron has 512 inputs, more boxes than a picture holds;
    the demo failed after training (TooManyNodes) and had not saved the model yet."""
    status = main(["--data", "xor", "--layers", "512", "--epochs", "1", "--no-progress",
                   "--output-dir", str(tmp_path)])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    model = nn.load(tmp_path / "model.json")
    assert [layer.nin for layer in model.layers] == [2, 512]
    svg = (tmp_path / "neuron_backward.svg").read_text()
    assert svg.count('<g id="node') < 100  # summarised, not 1,000 boxes


def test_the_drawn_neuron_without_hidden_layers_reads_the_inputs() -> None:
    """A model of one layer: the drawn neuron's a₀, a₁ are the inputs (they were the
    layer's own outputs, fed through it twice)."""
    model = nn.MLP(2, [2], activation="sigmoid", output_activation="sigmoid", seed=0)
    x = [-0.6455, -0.2239]
    cost = neuron_cost(model, x, 1)
    leaves = {v.label: v for v in walk(cost) if not v.parents}
    assert [leaves["a0"].data, leaves["a1"].data] == x


@pytest.mark.parametrize("n", [3, 4, 5])
def test_the_loss_curve_ticks_whole_epochs(
    n: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four epochs were ticked 1.00, 1.25, 1.50, …: an epoch is a whole number. Each
    visible tick is an integer, and every epoch is within the axis."""
    import matplotlib.pyplot as plt

    import nn.demo

    figures: list[Any] = []
    monkeypatch.setattr(plt, "close", figures.append)
    history = nn.History()
    history.loss = [1.0 / (i + 1) for i in range(n)]
    history.val_accuracy = [0.5 + 0.1 * i for i in range(n)]
    nn.demo._plot(history, str(tmp_path / "curve.png"), "t")
    ax = figures[0].axes[0]
    low, high = ax.get_xlim()
    shown = [t for t in ax.get_xticks() if low <= t <= high]
    assert len(shown) >= 2 and all(float(t).is_integer() for t in shown)
    assert low <= 1 and n <= high
