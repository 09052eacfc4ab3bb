"""``python -m safeonline_desktop`` starts the desktop app."""

import sys

from safeonline_desktop.app import main

sys.exit(main())
