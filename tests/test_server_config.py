"""The server settings that .streamlit/config.toml gives `streamlit run` (read by Streamlit itself, from the folder
the service starts in)."""

import subprocess
import sys

from liangsaibi.store import db

READ = (
    "from streamlit import config; config.get_config_options(force_reparse=True); "
    "print(config.get_option('runner.postScriptGC'), config.get_option('server.maxUploadSize'))"
)


def test_a_page_run_is_not_followed_by_a_full_garbage_collection():
    # Streamlit's default collects all garbage after every run: 100 of the 125 ms of CPU a district page view cost
    # (benchmarks/viewers.py); the upload limit is read alongside to show the file is the one deploy/ relies on.
    shown = subprocess.run([sys.executable, "-c", READ], cwd=db.ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["False", "50"]
