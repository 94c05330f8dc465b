"""Reading files nobody has checked yet: bounded by their shape before they are read, and read in a child
process with a memory and time limit, so that no file can take the server down (see child.py, limits.py)."""

from liangsaibi.intake.child import read_each, read_untrusted
from liangsaibi.intake.limits import LIMITS, Limits

__all__ = ["LIMITS", "Limits", "read_each", "read_untrusted"]
