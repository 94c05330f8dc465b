"""Fixtures shared by every test module: the demo database (read-only and writable copies) and Chromium."""

from browser import browser  # noqa: F401
from fixtures import sample_database  # noqa: F401
from import_support import demo_db, demo_template  # noqa: F401
