"""``python -m safeonline_desktop.exchange [PATH]``: regenerate the published JSON Schema
(``docs/review-file.schema.json`` by default) after a change to :mod:`.spec`."""

import sys

from .schema import main

sys.exit(main())
