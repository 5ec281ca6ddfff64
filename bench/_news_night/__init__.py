"""The news night bench's phases: the deployment (`site`), its data (`fill`), the readers
(`traffic`), the newsroom and the wire (`newsroom`), the faults (`faults`), memory
(`memory`) and the figures (`report`)."""

import sys

from _common import BASE_DIR

# The production test's helpers (rotative/core/tests/production_setup.py) start the site.
if str(BASE_DIR) not in sys.path:
    sys.path.append(str(BASE_DIR))
