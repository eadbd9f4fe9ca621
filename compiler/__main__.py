"""Run the command line as `python -m compiler`."""

import sys

from compiler.server.client import main

sys.exit(main())
