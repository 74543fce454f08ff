"""Optional dependencies (PyTorch, scikit-learn), imported when a function needs one.

:func:`optional_import` tells the two ways such an import fails apart by the exception
raised, not by its text: the package is not installed (``ModuleNotFoundError`` naming the
package itself, the top of a dotted name: the install command, quoted so that a shell
such as zsh does not read the brackets as a file pattern), or it is installed and its own
import fails (a missing shared library, a broken install, ``sklearn.datasets`` missing
from scikit-learn: that failure, since "install it" would send the user after an install
already made).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

__all__ = ["optional_import"]


def optional_import(package: str, caller: str, extra: str, what: str, has: str) -> ModuleType:
    """``import package`` (or a module of one: ``"sklearn.datasets"``), or an ImportError
    naming ``caller`` (``"nn.to_torch"``) and what to do; ``extra`` is autograd-mini's
    extra that installs it, ``what`` the package's name for people (``"PyTorch"``),
    ``has`` an attribute the real module has (``"nn"``): a module of that name without
    it is named, not failed on later with an AttributeError — a ``torch.py`` in the
    current directory, imported instead of the package, or, with no PyTorch installed,
    a folder named ``torch`` without ``__init__.py``, imported as an empty namespace
    package (an installed package is always found before such a folder)."""
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError as exc:
        top = package.partition(".")[0]
        if exc.name != top:  # the package is there; a module of it, or one it imports, is not
            found = sys.modules.get(top)
            if found is not None:
                where = getattr(found, "__file__", None)
                if where is None:  # no package: a folder without __init__.py
                    raise _folder(caller, what, top, found, extra) from exc
                if not hasattr(found, "__path__"):  # a module, not a package: a sklearn.py
                    raise _not_it(caller, what, top, where, package.split(".")[1]) from exc
            raise _broken(caller, what, package, exc) from exc
        raise ImportError(
            f"{caller} needs {what}, which autograd-mini does not install by itself: "
            f'pip install "autograd-mini[{extra}]"'
        ) from exc
    except (ImportError, OSError) as exc:  # a library it loads is missing or broken
        raise _broken(caller, what, package, exc) from exc
    if not hasattr(module, has):
        where = getattr(module, "__file__", None)
        if where is None:  # a namespace package: only folders without __init__.py
            raise _folder(caller, what, package, module, extra)
        raise _not_it(caller, what, package, where, has)
    return module


def _not_it(caller: str, what: str, name: str, where: str, has: str) -> ImportError:
    """The module Python imported as ``name``, from ``where``, is not the package: it
    has no ``has`` (an attribute, or a module of the package: ``datasets``)."""
    return ImportError(
        f"{caller} needs {what}, but the module {name!r} that Python found "
        f"({where}) is not it: it has no {has!r}. A file or folder of that name "
        f"where Python looks first (the current directory, say) is imported instead"
    )


def _folder(caller: str, what: str, name: str, module: ModuleType, extra: str) -> ImportError:
    """``module``, imported as ``name``, is a namespace package: folders without
    __init__.py, which Python takes only when no package of that name is installed
    anywhere on its path (the real one is found first)."""
    found = ", ".join(getattr(module, "__path__", None) or ["?"])
    return ImportError(
        f"{caller} needs {what}, which is not installed: what Python found as "
        f"{name!r} is a folder without __init__.py ({found}), not the "
        f'package: pip install "autograd-mini[{extra}]"'
    )


def _broken(caller: str, what: str, package: str, exc: BaseException) -> ImportError:
    """The package is installed (Python found it) but ``import package`` failed: that
    failure, and which module of it was asked for (``sklearn.datasets``: scikit-learn
    itself may import, and that module of it not)."""
    part = f" (import {package})" if "." in package else ""
    return ImportError(
        f"{caller} needs {what}, which is installed but could not be imported{part}: "
        f"{type(exc).__name__}: {exc}"
    )
