"""``python -m nn``: the demo (the same as ``autograd-mini-demo``, see :mod:`nn.demo`)."""

import sys

from nn.demo import main

sys.exit(main())
