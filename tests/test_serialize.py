"""Model files: exact round trips, and a clear ValueError for every bad file."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nn
from nn import serialize


def _model() -> nn.MLP:
    return nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=11)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    nn.save(_model(), path)
    return path


def test_save_load_gives_identical_predictions(saved: Path) -> None:
    original = _model()
    loaded = nn.load(saved)
    assert isinstance(loaded, nn.MLP)
    assert loaded.architecture() == original.architecture()
    X = np.random.default_rng(0).normal(size=(20, 4))
    np.testing.assert_array_equal(nn.predict(loaded, X), nn.predict(original, X))
    assert loaded.state_dict() == original.state_dict()  # floats survive JSON exactly


def test_load_into_an_existing_model(saved: Path) -> None:
    target = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=0)
    assert nn.load(saved, into=target) is target
    assert target.state_dict() == _model().state_dict()
    with pytest.raises(ValueError, match="does not match the model"):
        nn.load(saved, into=nn.MLP(4, [6, 3], activation="tanh", output_activation="sigmoid"))


def test_file_is_plain_versioned_json_with_a_sha256(saved: Path) -> None:
    doc = json.loads(saved.read_text())
    assert doc["format"] == "autograd-mini/model" and doc["version"] == 1
    assert doc["architecture"]["nouts"] == [5, 3]
    assert doc["parameters"] == [p.data for p in _model().parameters()]
    canonical = json.dumps(
        {"architecture": doc["architecture"], "parameters": doc["parameters"]},
        sort_keys=True,
        separators=(",", ":"),
    )
    assert doc["checksum"] == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def test_neuron_and_layer_round_trip(tmp_path: Path) -> None:
    for module in (nn.Neuron(3, "sigmoid", seed=1), nn.Layer(3, 2, "tanh", seed=2)):
        path = tmp_path / "m.json"
        module.save(str(path))
        loaded = nn.load(path)
        assert type(loaded) is type(module)
        assert loaded.state_dict() == module.state_dict()


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None], rehash: bool) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    if rehash:
        doc["checksum"] = serialize.checksum(doc["architecture"], doc["parameters"])
    path.write_text(json.dumps(doc))


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[key] = value

    return change


@pytest.mark.parametrize(
    ("change", "rehash", "message"),
    [
        (_set("format", "pickle"), False, "format is 'pickle'"),
        (_set("version", 2), False, "version 2 is not supported"),
        (lambda d: d["parameters"].__setitem__(0, 0.5), False, "checksum mismatch"),
        (lambda d: d["parameters"].pop(), True, "parameters stored, the architecture has"),
        (lambda d: d["parameters"].__setitem__(1, "0.1"), True, "parameter 1 is '0.1'"),
        (lambda d: d["parameters"].__setitem__(2, True), True, "parameter 2 is True"),
        (lambda d: d["architecture"].__setitem__("type", "Conv"), True, "unknown module type"),
        (lambda d: d["architecture"].__setitem__("nouts", [5, 0]), True, "every layer size"),
        (lambda d: d["architecture"].__setitem__("code", "x"), True, "needs exactly the fields"),
        # a billion inputs claimed: refused by counting, before anything is allocated
        (lambda d: d["architecture"].__setitem__("nin", 10**9), True, r"architecture has \d{10}"),
        (lambda d: d["architecture"].__setitem__("nouts", "16"), True, "non-empty list"),
        (lambda d: d.pop("checksum"), False, "missing field"),
        (_set("parameters", {"a": 1}), False, "parameters is not a list"),
    ],
)
def test_bad_files_raise_value_error(
    saved: Path, change: Callable[[dict[str, Any]], None], rehash: bool, message: str
) -> None:
    _rewrite(saved, change, rehash)
    with pytest.raises(ValueError, match=message):
        nn.load(saved)


def test_missing_truncated_invalid_and_non_finite_files(tmp_path: Path, saved: Path) -> None:
    with pytest.raises(ValueError, match="no model file"):
        nn.load(tmp_path / "nothing.json")
    text = saved.read_text()
    saved.write_text(text[: len(text) // 2])
    with pytest.raises(ValueError, match="invalid or truncated JSON"):
        nn.load(saved)
    saved.write_text("[1, 2, 3]")
    with pytest.raises(ValueError, match="not a JSON object"):
        nn.load(saved)
    doc = json.loads(text)
    doc["parameters"][0] = float("nan")
    saved.write_text(json.dumps(doc))  # writes the non-standard token NaN
    with pytest.raises(ValueError, match="non-finite number NaN"):
        nn.load(saved)
    saved.write_bytes(b"\xff\xfe garbage")
    with pytest.raises(ValueError, match="cannot read"):
        nn.load(saved)
    with pytest.raises(ValueError, match="cannot read"):
        nn.load(tmp_path)  # a directory is not a model file


def test_failed_save_leaves_the_old_file_and_no_temporary(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    other = nn.MLP(4, [5, 3], activation="tanh", output_activation="sigmoid", seed=99)
    with pytest.raises(OSError, match="disk full"):
        nn.save(other, saved)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["model.json"]


def test_save_refuses_non_models_and_non_finite_weights(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"nn\.Module"):
        nn.save("model", tmp_path / "x.json")  # type: ignore[arg-type]  # wrong type on purpose
    model = _model()
    model.parameters()[0].data = float("inf")
    with pytest.raises(ValueError, match="non-finite parameter"):
        nn.save(model, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
