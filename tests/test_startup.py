"""What a newcomer sees when starting the dashboard: the address to open, and no English warning about the internet."""

import os
import socket
import subprocess
import sys
import time

from liangsaibi.store import db


def test_starting_on_a_headless_machine_prints_the_address_and_asks_nobody_for_an_outside_ip(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "LIANGSAIBI_DB": str(tmp_path / "x.duckdb")}
    # As README starts it, with no address given; headless as on a server without a screen.
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true", f"--server.port={port}"],
        cwd=db.ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline and not any("URL:" in line for line in lines):
            lines.append(process.stdout.readline())
        time.sleep(3)  # the outside-address lookup, if any, warns just after the URLs
    finally:
        process.terminate()
        lines += process.communicate(timeout=20)[0].splitlines()
    output = "".join(lines)
    assert f"http://localhost:{port}" in output
    assert "Did not auto detect external IP" not in output and "External URL" not in output
