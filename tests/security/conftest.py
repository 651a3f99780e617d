"""The security tests use the suite's kits (tests/sitekit.py, tests/reviewkit.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
