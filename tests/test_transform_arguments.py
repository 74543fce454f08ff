"""What the transforms take: keyword arguments for f, integers a float cannot hold, a
non-function f, 0-d numpy arrays. Expected numbers are closed forms worked by hand."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pytest

from autograd_mini import Value, grad, hessian, hvp, jacobian, jvp, trace, vjp

TWO_53 = 2**53  # 9007199254740992: every integer up to it is a float, not every one beyond


# ------------------------------------------------------------- integers beyond 2⁵³


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda: jvp(lambda x: x - TWO_53, (TWO_53 + 1,), (1.0,)), "jvp: primals[0]"),
        (lambda: jvp(lambda x: x, (1.0,), (TWO_53 + 1,)), "jvp: tangents[0]"),
        (lambda: grad(lambda x: x - TWO_53)(TWO_53 + 1), "grad: argument 0"),
        (lambda: grad(lambda x: x)(-(TWO_53 + 1)), "grad: argument 0"),
        (lambda: jacobian(lambda v: v)([1.0, TWO_53 + 3]), "jacobian: argument 0[1]"),
        (lambda: hessian(lambda x: x * x)(np.int64(TWO_53 + 1)), "hessian: argument 0"),
        (lambda: hvp(lambda x: x * x, (2**60 + 1,), (1.0,)), "hvp: primals[0]"),
        (lambda: vjp(lambda x: x, TWO_53 + 1), "vjp: primals[0]"),
        (lambda: vjp(lambda x: x, 1.0)[1](TWO_53 + 1), "pullback: a cotangent"),
    ],
)
def test_an_integer_no_float_holds_is_refused_naming_the_argument(call: Any, names: str) -> None:
    """jvp(lambda x: x − 2⁵³, (2⁵³ + 1,), (1.0,)) gave (0.0, 1.0): the value is 1."""
    with pytest.raises(ValueError, match="no float holds") as caught:
        call()
    assert str(caught.value).startswith(names)
    assert "it would be rounded to " in str(caught.value)  # and says to what


def test_integers_a_float_holds_exactly_are_taken_beyond_two_to_the_53() -> None:
    # 2⁵³ + 2 and 2⁶⁰ are floats exactly: x − 2⁵³ is 2 and 2⁶⁰ − 2⁵³ (Python's ints say so)
    assert jvp(lambda x: x - TWO_53, (TWO_53 + 2,), (1.0,)) == (2.0, 1.0)
    assert jvp(lambda x: x - TWO_53, (2**60,), (1.0,)) == (float(2**60 - TWO_53), 1.0)
    assert grad(lambda x: x * x)(np.int64(TWO_53)) == float(2 * TWO_53)


# ------------------------------------------------------------- keyword arguments


def test_keyword_arguments_reach_f_as_they_are_and_are_not_differentiated() -> None:
    seen: list[Any] = []

    def f(x: Any, y: Any = 0.0, *, scale: Any = 1.0) -> Any:
        seen.append(scale)
        return scale * x * x + y

    # d/dx (s·x² + y) = 2s·x;  d²/dx² = 2s
    assert grad(f)(3.0, scale=2.0) == 12.0
    assert grad(f, argnums=(0, 1))(3.0, 1.0, scale=2.0) == (12.0, 1.0)
    assert jacobian(f)(3.0, scale=2.0) == [[12.0]]
    assert jacobian(f, mode="forward")(3.0, scale=2.0) == [[12.0]]
    assert hessian(f)(3.0, scale=2.0) == [[4.0]]
    assert seen == [2.0] * 5
    assert all(type(s) is float for s in seen)  # the number itself, not a Value made of it


def test_a_value_keyword_argument_is_a_constant_here_and_differentiable_outside() -> None:
    def f(x: Any, *, scale: Any) -> Any:
        return scale * x * x

    g = grad(f)(3.0, scale=Value(2.0))
    assert isinstance(g, Value)  # kept as a Value: it depends on scale
    assert g.data == 12.0
    # d/ds of ∂f/∂x = 2s·x is 2x = 6: the inner grad left s alone, the outer took it
    assert grad(lambda s: grad(f)(3.0, scale=s))(2.0) == 6.0
    assert grad(lambda s: jacobian(f)(3.0, scale=s)[0][0])(2.0) == 6.0
    assert grad(lambda s: hessian(f)(3.0, scale=s)[0][0])(2.0) == 2.0  # d/ds 2s
    (row,) = jacobian(f)(3.0, scale=Value(2.0))
    assert isinstance(row[0], Value) and row[0].data == 12.0


# ------------------------------------------------------------- namedtuples and list subclasses


class _Point(NamedTuple):
    a: Any
    b: Any


class _Row(list):  # type: ignore[type-arg]
    pass


def test_a_namedtuple_argument_reaches_f_as_itself_and_a_result_keeps_its_names() -> None:
    """f got a plain tuple and failed on p.a ("'tuple' object has no attribute 'a'"); a
    namedtuple result came back a plain tuple. Oracle, for f = a·b at (2, 3): ∂f/∂a = 3,
    ∂f/∂b = 2; for a²b the Hessian [[2b, 2a], [2a, 0]] = [[6, 4], [4, 0]]."""
    p, v = _Point(2.0, 3.0), _Point(1.0, 0.0)
    assert jvp(lambda q: q.a * q.b, (p,), (v,)) == (6.0, 3.0)
    assert jacobian(lambda q: [q.a * q.b])(p) == [[3.0, 2.0]]
    assert grad(lambda q, c: q.a * q.b * c, argnums=1)(p, 1.0) == 6.0  # not differentiated
    assert hessian(lambda q: q.a * q.a * q.b)(p) == [[6.0, 4.0], [4.0, 0.0]]
    (hv,) = hvp(lambda q: q.a * q.a * q.b, (p,), (v,))
    assert type(hv) is _Point and hv == (6.0, 4.0)
    y, pullback = vjp(lambda q: _Point(q.a * q.b, q.a), p)
    assert type(y) is _Point and y == (6.0, 2.0)
    (back,) = pullback(_Point(1.0, 0.0))
    assert type(back) is _Point and back == (3.0, 2.0)
    y2, dy = jvp(lambda x: _Point(x * x, x), (3.0,), (1.0,))
    assert (type(y2), type(dy)) == (_Point, _Point) and (y2, dy) == ((9.0, 3.0), (6.0, 1.0))


def test_a_list_subclass_argument_reaches_f_as_a_list() -> None:
    """It reached f as a tuple: only a list itself stayed a list."""

    def f(x: Any) -> Any:
        assert isinstance(x, list)
        return x[0] * x[1]

    assert jvp(f, (_Row([2.0, 3.0]),), (_Row([1.0, 0.0]),)) == (6.0, 3.0)


def test_a_list_subclass_or_a_namedtuple_is_sketched_as_a_list_or_a_tuple() -> None:
    """A tangent laid out wrongly: a list subclass of one number read "(x)", as a number
    in brackets, and a namedtuple of one the same; written as a list's [x] and a
    tuple's (x,)."""

    class One(NamedTuple):
        a: Any

    with pytest.raises(
        ValueError,
        match=r"tangents\[0\] is laid out as \[x\] \(1 number\) but primals\[0\] as \[x, x\] ",
    ):
        jvp(lambda r: r[0], (_Row([1.0, 2.0]),), (_Row([1.0]),))
    with pytest.raises(
        ValueError,
        match=r"tangents\[0\] is laid out as \(x,\) \(1 number\) but primals\[0\] as \(\[x\],\) ",
    ):
        jvp(lambda q: q.a[0], (One([1.0]),), (One(1.0),))


# ------------------------------------------------------------- f that is not a function


@pytest.mark.parametrize(
    ("who", "call"),
    [
        ("grad", lambda f: grad(f)),
        ("jacobian", lambda f: jacobian(f)),
        ("hessian", lambda f: hessian(f)),
        ("hvp", lambda f: hvp(f, (1.0,), (1.0,))),
        ("vjp", lambda f: vjp(f, 1.0)),
        ("jvp", lambda f: jvp(f, (1.0,), (1.0,))),
    ],
)
@pytest.mark.parametrize("f", [3.0, None, "sin"])
def test_an_f_that_cannot_be_called_is_refused_by_name(who: str, call: Any, f: Any) -> None:
    """jacobian(3.0) returned a function that failed later, 'float' object is not
    callable; every transform now says which one and what f was, when it is given."""
    with pytest.raises(TypeError) as caught:
        call(f)
    assert str(caught.value) == f"{who}: f must be a function, got {type(f).__name__}"


@pytest.mark.parametrize(
    ("who", "call"),
    [
        ("grad", lambda f: grad(f)),
        ("hessian", lambda f: hessian(f)),
        ("jvp", lambda f: jvp(f, ([1.0],), ([1.0],))),
    ],
)
def test_a_trace_given_as_f_is_told_to_pass_its_function(who: str, call: Any) -> None:
    """hessian(traced) said only "f must be a function, got Traced"; the function it
    recorded is the one to differentiate. Oracle: d²/dx² x³ = 6x = 12 at 2."""
    traced = trace(lambda x: x[0] ** 3, [1.0])
    with pytest.raises(
        TypeError, match=rf"^{who}: f must be a function, got Traced — .*traced\.fn"
    ):
        call(traced)
    assert hessian(traced.fn)([2.0]) == [[12.0]]


# ------------------------------------------------------------- 0-d numpy arrays


def test_a_0d_array_is_a_number_as_a_numpy_scalar_is() -> None:
    two, one = np.array(2.0), np.array(1.0)

    def cube(x: Any) -> Any:
        return x * x * x

    # d/dx x³ = 3x² = 12 at 2, d²/dx² = 6x = 12
    assert grad(cube)(two) == 12.0
    assert jvp(cube, (two,), (one,)) == (8.0, 12.0)
    assert jacobian(lambda v: [v[0] * v[1]])([two, np.array(3)]) == [[3.0, 2.0]]
    assert hessian(cube)(two) == [[12.0]]
    assert hvp(cube, (two,), (one,)) == (12.0,)
    y, pullback = vjp(cube, two)
    assert (y, pullback(np.array(2.0))) == (8.0, (24.0,))
    assert grad(lambda x: np.array(5.0))(two) == 0.0  # a constant result


def test_a_0d_array_holding_a_value_is_that_value_as_f_s_result() -> None:
    """np.asarray(y) of a Value y — numpy's functions of arrays of Values make such
    arrays — as f's result: grad took it, the other transforms refused it as "f's result
    must be a real number, got Value". Oracle: d/dx x³ = 3x² = 12 and 6x = 12 at 2."""

    def cube(x: Any) -> Any:
        return np.asarray(x * x * x)

    assert grad(cube)(2.0) == 12.0
    assert jvp(cube, (2.0,), (1.0,)) == (8.0, 12.0)
    assert jvp(lambda x: [cube(x), x], (2.0,), (1.0,)) == ([8.0, 2.0], [12.0, 1.0])
    assert jacobian(cube)(2.0) == [[12.0]]
    assert jacobian(cube, mode="forward")(2.0) == [[12.0]]
    assert hessian(cube)(2.0) == [[12.0]]
    assert hvp(cube, (2.0,), (1.0,)) == (12.0,)
    y, pullback = vjp(cube, 2.0)
    assert (y, pullback(1.0)) == (8.0, (12.0,))
    # and as an argument: the Value it holds, so the result is a Value (an outer one's)
    x = Value(2.0)
    y2, dy = jvp(lambda v: v * v * v, (np.array(x, dtype=object),), (1.0,))
    assert isinstance(dy, Value) and (y2.data, dy.data) == (8.0, 12.0)


def _slope_through(call: Any, held: bool) -> float:
    """d/dx at x = 2 of what ``call`` gives of x (a Value, or np.asarray(x) if ``held``),
    by backward through the transform's result."""
    x = Value(2.0)
    call(np.asarray(x) if held else x).backward()
    return x.grad


def _cube(x: Any) -> Any:
    return x * x * x


@pytest.mark.parametrize(
    ("call", "slope"),
    [
        (lambda x: grad(_cube)(x), 12.0),  # d/dx 3x² = 6x
        (lambda x: hessian(_cube)(x)[0][0], 6.0),  # d/dx 6x
        (lambda x: jacobian(lambda t: [_cube(t)])(x)[0][0], 12.0),
        (lambda x: vjp(_cube, x)[1](1.0)[0], 12.0),
        (lambda x: grad(lambda t, c: t * t * c)(3.0, x), 6.0),  # d/dc 2tc at t = 3
        (lambda x: grad(lambda t, cs: t * t * cs[0])(3.0, [x]), 6.0),  # c in a list
    ],
)
def test_a_0d_array_holding_a_value_is_that_value_as_an_argument(call: Any, slope: float) -> None:
    """np.asarray(x) given for x: grad refused it ("argument 0 is Value ...; grad takes
    one number (or Value)"), and jacobian, hessian and vjp gave floats, so x * hessian(f)
    (np.asarray(x)) lost the hessian's own slope in x, silently; grad with a Value held in
    a list beside (not differentiated) too. Oracle: the closed forms, as with x itself."""
    assert _slope_through(call, held=True) == slope
    assert _slope_through(call, held=False) == slope


@pytest.mark.parametrize(
    ("given", "error"),
    [
        (np.array(True), TypeError),
        (np.array(1 + 2j), TypeError),
        (np.array([2.0]), TypeError),  # a 1-d array is still no number
        (np.array(np.nan), ValueError),
        (np.array(TWO_53 + 1), ValueError),
    ],
)
def test_a_0d_array_that_is_no_finite_real_number_is_still_refused(
    given: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="jvp: primals"):
        jvp(lambda x: x, (given,), (1.0,))


def test_a_bad_tangent_is_named_by_its_place() -> None:
    """A tangent no float holds, or nan, was refused as "a tangent", where the primals
    were named ("primals[0]")."""
    with pytest.raises(ValueError, match=r"^jvp: tangents\[1\] is the integer 9007199254740993"):
        jvp(lambda x, y: x * y, (2.0, 3.0), (1.0, 2**53 + 1))
    with pytest.raises(ValueError, match=r"^jvp: tangents\[0\], entry 1 is nan"):
        jvp(lambda xs: xs[0] * xs[1], ([2.0, 3.0],), ([1.0, float("nan")],))


def test_an_argument_passed_by_keyword_is_told_it_is_not_differentiated() -> None:
    """grad(f)(x=3.0) said only "argnums 0 is out of range for 0 argument(s)"."""
    with pytest.raises(IndexError, match=r"x came by keyword, and keyword arguments are never"):
        grad(lambda x: x * x)(x=3.0)


# ------------------------------------------------------------- argnums: one checker


def _f2(a: Any, b: Any) -> Any:
    return a * a * b  # f = a²·b: ∂f/∂a = 2ab, ∂f/∂b = a², ∂²f/∂a² = 2b, ∂²f/∂a∂b = 2a


#: grad, jacobian and hessian, each as "make the transform, then call it on (a, b)"
_TRANSFORMS = {
    "grad": lambda n, args, kwargs: grad(_f2, argnums=n)(*args, **kwargs),
    "jacobian": lambda n, args, kwargs: jacobian(_f2, argnums=n)(*args, **kwargs),
    "hessian": lambda n, args, kwargs: hessian(_f2, argnums=n)(*args, **kwargs),
}


@pytest.mark.parametrize(
    ("argnums", "args", "kwargs", "error"),
    [
        (True, (1.5, 2.0), {}, TypeError),  # a bool is no position
        (np.True_, (1.5, 2.0), {}, TypeError),
        ([0, True], (1.5, 2.0), {}, TypeError),
        (1.0, (1.5, 2.0), {}, TypeError),  # a float neither
        ((0, 1.0), (1.5, 2.0), {}, TypeError),
        ("0", (1.5, 2.0), {}, TypeError),
        (None, (1.5, 2.0), {}, TypeError),
        ((), (1.5, 2.0), {}, ValueError),
        (-3, (1.5, 2.0), {}, IndexError),  # negative, past the first argument
        (2, (1.5, 2.0), {}, IndexError),
        (1, (1.5,), {"b": 2.0}, IndexError),  # b came by keyword: told so
        ((0, 0), (1.5, 2.0), {}, ValueError),  # the same argument twice
        ((0, -2), (1.5, 2.0), {}, ValueError),  # the same argument, counted from the end
        ([np.int64(1), 1], (1.5, 2.0), {}, ValueError),
    ],
)
def test_grad_jacobian_and_hessian_refuse_one_argnums_in_one_wording(
    argnums: Any, args: tuple[float, ...], kwargs: dict[str, float], error: type
) -> None:
    """grad checked argnums in its own function (_positions, "must be an int or a
    sequence of ints"), jacobian and hessian in another ("an int or a tuple of ints",
    "names an argument twice", and no word on keyword arguments): one slip read two ways.
    Each message, its transform's name taken off, is the same for all three."""
    said = {}
    for who, call in _TRANSFORMS.items():
        with pytest.raises(error) as caught:
            call(argnums, args, kwargs)
        text = str(caught.value)
        assert type(caught.value) is error, (who, text)
        assert text.startswith(f"{who}: argnums "), text  # names the transform and argnums
        said[who] = text.removeprefix(f"{who}: ")
    assert len(set(said.values())) == 1, said


def test_numpy_ints_name_the_same_arguments_in_grad_jacobian_and_hessian() -> None:
    """np.int64(-1) is the last argument and (np.int32(0), np.int64(1)) both, for all
    three. Oracle: f = a²·b by hand at a = 1.5, b = 2: ∂f/∂a = 2ab = 6, ∂f/∂b = a² = 2.25,
    ∂²f/∂a² = 2b = 4, ∂²f/∂a∂b = 2a = 3, ∂²f/∂b² = 0."""
    a, b = 1.5, 2.0
    last, both = np.int64(-1), [np.int32(0), np.int64(1)]
    assert grad(_f2, argnums=last)(a, b) == a * a  # one number: an int names one argument
    assert grad(_f2, argnums=both)(a, b) == (2 * a * b, a * a)
    assert jacobian(_f2, argnums=last)(a, b) == [[a * a]]
    assert jacobian(_f2, argnums=both)(a, b) == [[2 * a * b, a * a]]
    assert hessian(_f2, argnums=last)(a, b) == [[0.0]]
    assert hessian(_f2, argnums=both)(a, b) == [[2 * b, 2 * a], [2 * a, 0.0]]


@pytest.mark.parametrize("who", ["grad", "jacobian", "hessian"])
def test_a_position_listed_twice_is_refused_before_any_call(who: str) -> None:
    """grad(f, argnums=(1, 1)) was refused only when called (jacobian's and hessian's
    at once): all three now refuse it when made, in one wording — a number written twice
    as that ("argnums 1 and 1 are the same argument" read as two spellings of one)."""
    make = {"grad": grad, "jacobian": jacobian, "hessian": hessian}[who]
    for given, said in [
        ((1, 1), "argnums (1, 1) lists 1 twice"),
        ((-1, -1), "argnums (-1, -1) lists -1 twice"),
        ([0, 1, 0, 0], "argnums [0, 1, 0, 0] lists 0 3 times"),
        (np.array([0, 0]), "argnums array([0, 0]) lists 0 twice"),
    ]:
        with pytest.raises(ValueError) as caught:
            make(_f2, argnums=given)
        assert str(caught.value) == f"{who}: {said}; list each argument once"
    with pytest.raises(ValueError) as caught:  # two spellings of one position: at the call
        make(_f2, argnums=(0, -2))(1.5, 2.0)
    assert str(caught.value) == (
        f"{who}: argnums 0 and -2 are the same argument (position 0); list each argument once"
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda f, a: jacobian(f, mode="forward")(a),
        lambda f, a: jacobian(f)(a),
        lambda f, a: jvp(f, (a,), (a,)),
    ],
)
def test_a_numpy_array_argument_is_told_to_pass_a_tolist(call: Any) -> None:
    """The transforms walk lists, not arrays: an array argument (a practitioner's usual
    x) was refused with "expected a number, a Value, or a list/tuple of them", naming no
    way on. The message says ``a.tolist()``; that call gives the Jacobian of x₀·x₁ by
    hand, [x₁, x₀]."""
    a = np.array([2.0, 3.0])

    def f(xs: Any) -> list[Value]:
        return [xs[0] * xs[1]]

    with pytest.raises(TypeError, match=r"is ndarray .*\(a numpy array: pass a\.tolist\(\)\)"):
        call(f, a)
    assert jacobian(f, mode="forward")(a.tolist()) == [[3.0, 2.0]]


def test_the_array_hint_says_what_to_write_where_it_helps() -> None:
    """f returning an array was told to "pass a.tolist()" (it is returned); an array of
    strings was told the same, and its list is refused in turn; grad, the most common
    call, said nothing of arrays. Oracle of the rewrites: d/dx Σ 2x = [2, 2] by hand."""
    with pytest.raises(TypeError, match=r"\(a numpy array: return a\.tolist\(\)\)\. f must"):
        jacobian(lambda xs: np.array([2 * xs[0], 2 * xs[1]]))([1.0, 2.0])
    assert jacobian(lambda xs: np.array([2 * xs[0], 2 * xs[1]]).tolist())([1.0, 2.0]) == [
        [2.0, 0.0],
        [0.0, 2.0],
    ]
    with pytest.raises(
        TypeError, match=r"(?s)result of f\[1\] is ndarray .*put a\.tolist\(\) in its"
    ):
        jacobian(lambda xs: [xs[0], np.array([xs[0], xs[1]])])([1.0, 2.0])
    with pytest.raises(TypeError) as caught:
        jacobian(lambda xs: xs)(np.array(["a", "b"]))
    assert "tolist" not in str(caught.value), caught.value
    with pytest.raises(
        TypeError, match=r"jacobian\(f, argnums=0\).*a numpy array as a\.tolist\(\)"
    ):
        grad(lambda x: x[0] + x[1])(np.array([2.0, 3.0]))
    assert jacobian(lambda xs: [2 * xs[0] + 2 * xs[1]])(np.array([2.0, 3.0]).tolist()) == [
        [2.0, 2.0]
    ]


@pytest.mark.parametrize("who", ["grad", "jacobian", "hessian"])
def test_the_keyword_hint_is_given_only_where_a_keyword_argument_would_be(who: str) -> None:
    """jacobian(f, 5)(1.0, 2.0, scale=2.0) said "scale came by keyword, and keyword
    arguments are never differentiated" of a plain typo: 5 is past the keyword too.
    f(a, b) called as f(1.5, b=2.0): argnums 1 (or -2) would be b counted by position,
    argnums 2 (or -3) nothing."""
    call = _TRANSFORMS[who]
    hint = "b came by keyword, and keyword arguments are never differentiated"
    for near in (1, -2):
        with pytest.raises(IndexError) as caught:
            call(near, (1.5,), {"b": 2.0})
        assert str(caught.value) == (
            f"{who}: argnums {near} is out of range for 1 argument(s) — {hint}: pass what "
            "to differentiate by position"
        )
    for far in (2, -3, 5):
        with pytest.raises(IndexError) as caught:
            call(far, (1.5,), {"b": 2.0})
        assert str(caught.value) == f"{who}: argnums {far} is out of range for 1 argument(s)"


def test_a_1d_integer_array_names_arguments_as_a_tuple_of_ints_does() -> None:
    """grad(f, np.arange(2)) said "argnums must be an int or a sequence of ints, got
    array([0, 1])", while the docstring spoke of np.arange. Oracle: f = a²·b by hand at
    a = 1.5, b = 2 (see _f2)."""
    a, b = 1.5, 2.0
    for both in (np.arange(2), np.array([0, 1], dtype=np.uint8), np.array([-2, -1])):
        assert grad(_f2, argnums=both)(a, b) == (2 * a * b, a * a)
        assert jacobian(_f2, argnums=both)(a, b) == [[2 * a * b, a * a]]
        assert hessian(_f2, argnums=both)(a, b) == [[2 * b, 2 * a], [2 * a, 0.0]]
    assert grad(_f2, argnums=np.array(1))(a, b) == a * a  # 0-d: one position, as 1 is
    assert grad(_f2, argnums=np.arange(1, 2))(a, b) == (a * a,)  # 1-d: a tuple, as (1,)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (np.array([[0, 1]]), r"argnums must be an int or a 1-d sequence of ints, got a 2-d "),
        (np.array([0.0, 1.0]), r"argnums must hold ints, got an array of float64"),
        (np.array([True, False]), r"argnums must hold ints, got an array of bool"),
        (np.array(1.0), r"argnums must hold ints, got an array of float64"),
        (np.array([], dtype=int), r"argnums is empty"),
    ],
)
@pytest.mark.parametrize("who", ["grad", "jacobian", "hessian"])
def test_an_array_of_no_positions_is_refused_saying_why(who: str, given: Any, said: str) -> None:
    make = {"grad": grad, "jacobian": jacobian, "hessian": hessian}[who]
    with pytest.raises((TypeError, ValueError), match=rf"^{who}: {said}"):
        make(_f2, argnums=given)
