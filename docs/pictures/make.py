"""Regenerate the README's pictures: ``.venv/bin/python docs/pictures/make.py``.

One of each view of the README neuron o = tanh(x1·w1 + x2·w2 + b): the forward graph,
the backward graph, and one frame of the step player (step 3, on the backward view).

The README is read in narrower columns than a notebook's 1,000 px: GitHub's is about
830 px and the course site's home page, in a 1,000 px window, 736 px. A picture wider
than its column is shrunk to it, text included (the backward view, laid out sideways
for 1,000 px, came out with 8.5 px text on the site), so the pictures are fitted
to the narrowest of these columns: ``rankdir="auto"`` then stands a graph upright when
that keeps its text readable, the inputs at the top: the forward graph's arrows point
down to the output, the backward graph's up from the seed o at the bottom, the way the
gradient flows (tests/test_readme_pictures.py measures them).
"""

from __future__ import annotations

from pathlib import Path

from autograd_mini import Value, draw_graph, draw_step

HERE = Path(__file__).parent
#: The narrowest column the README's pictures are shown in, in CSS px: the course site's
#: home page in a 1,000 px window (GitHub's README column is about 830 px).
README_COLUMN = 736


def neuron() -> Value:
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.label = "o"
    o.backward()
    return o


def main(folder: Path = HERE) -> list[Path]:
    """Write the three pictures into ``folder`` (this one by default); their paths.
    tests/test_readme_pictures.py writes them elsewhere and compares: a change to the
    drawing that leaves the committed pictures behind fails there."""
    o = neuron()
    pictures = {
        "neuron_forward.svg": draw_graph(o, column=README_COLUMN),
        "neuron_backward.svg": draw_graph(o, view="backward", column=README_COLUMN),
        "neuron_step.svg": draw_step(o, 3, column=README_COLUMN),
    }
    for name, picture in pictures.items():
        picture.save(folder / name)
    return [folder / name for name in pictures]


if __name__ == "__main__":
    main()
