"""The address raters' phones open the dashboard at (docs/现场评分.md «会场网络地址»): the district's setting, or
suggested from this machine's own network address, never localhost."""

import socket
from pathlib import Path

from liangsaibi.store import settings

PORT = 8501  # Streamlit's default port, as README starts the dashboard


def own_address() -> str | None:
    """This machine's address on its network (the one its default route leaves by), or None: no packet is sent."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # a UDP connect only picks the route
            found = probe.getsockname()[0]
    except OSError:
        return None
    return None if found.startswith(("127.", "0.")) else found


def suggested(port: int = PORT) -> str:
    """http://<this machine's network address>:<port>, or "" when it has none (then the administrator types one)."""
    found = own_address()
    return f"http://{found}:{port}" if found else ""


def for_links(main: Path | None = None, port: int = PORT) -> str:
    """The meeting room's address as set, else the suggested one ("" when there is neither)."""
    return settings.current(main).get("meeting_address") or suggested(port)
