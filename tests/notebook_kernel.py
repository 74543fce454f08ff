"""The kernel the notebook tests run on: a "python3" kernelspec running *this* interpreter,
written into a temporary folder that ``JUPYTER_PATH`` names, so a kernelspec of the same
name elsewhere (in the user's home, say) cannot send a notebook to another Python.

Six test files wrote it themselves, each with its own choice of matplotlib's backend.
Here there are two: ``agg_kernel`` (``MPLBACKEND=Agg``: the notebooks plot and no window
opens) and ``inline_kernel`` (``MPLBACKEND`` unset: the kernel's inline backend draws the
PNGs, as the site's build does), each set for a whole test module (one of the two: a
module asking for both is refused), and ``inline_kernel_per_test`` for one test at a time.
:func:`use_kernel` is what they do, for a test that adds kernelspecs of its own.
``tests/conftest.py`` makes the fixtures available to every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


def use_kernel(mp: pytest.MonkeyPatch, data_dir: Path, *, inline: bool) -> Path:
    """Write the kernelspec under ``data_dir`` and point Jupyter at it through ``mp`` (which
    puts the environment back): the inline backend if ``inline``, else Agg. Returns
    ``data_dir``."""
    from docs import kernel  # nbformat's, imported by the tests that run a kernel only

    for name, value in kernel.environment(kernel.write_kernelspec(data_dir), inline=inline).items():
        if value is None:
            mp.delenv(name, raising=False)
        else:
            mp.setenv(name, value)
    return data_dir


# The module-scoped kernel a module has set up: agg_kernel or inline_kernel.
_MODULE_KERNEL = pytest.StashKey[str]()


def _for_the_module(
    request: pytest.FixtureRequest, factory: pytest.TempPathFactory, *, inline: bool
) -> Iterator[None]:
    """Set the kernel for the rest of the module. With both in one module, the one set up
    later would hold until the module's end, and a test asking for the other would run on
    it: that is refused, naming both."""
    module, name = request.node, request.fixturename
    other = module.stash.get(_MODULE_KERNEL, None)
    if other is not None:
        pytest.fail(
            f"{module.name} asks for both {other} and {name}: each holds for the rest of the "
            f"module once set up, so a later test asking for {other} would run on {name}'s "
            "kernel; ask for one of them, or for inline_kernel_per_test",
            pytrace=False,
        )
    module.stash[_MODULE_KERNEL] = name
    try:
        with pytest.MonkeyPatch.context() as mp:
            use_kernel(mp, factory.mktemp("jupyter"), inline=inline)
            yield
    finally:
        del module.stash[_MODULE_KERNEL]


@pytest.fixture(scope="module")
def agg_kernel(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """This interpreter's kernel with matplotlib's Agg backend, for the test module."""
    yield from _for_the_module(request, tmp_path_factory, inline=False)


@pytest.fixture(scope="module")
def inline_kernel(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """This interpreter's kernel with the inline backend (as the site's), for the module."""
    yield from _for_the_module(request, tmp_path_factory, inline=True)


@pytest.fixture
def inline_kernel_per_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This interpreter's kernel with the inline backend, for one test only."""
    use_kernel(monkeypatch, tmp_path / "jupyter", inline=True)
