"""``python -m autograd_mini``: the same as the ``autograd-mini`` command."""

import sys

from autograd_mini.cli import main

sys.exit(main())
