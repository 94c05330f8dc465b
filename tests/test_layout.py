"""The house's layout rules: one module opens each database file, pages hold no SQL, every query says what it returns."""

import os
import re
import subprocess
import sys

from liangsaibi.store import db


def importing(module: str) -> set[str]:
    return {
        str(path.relative_to(db.ROOT))
        for folder in ("liangsaibi", "pages")
        for path in (db.ROOT / folder).rglob("*.py")
        if re.search(rf"^\s*(import {module}|from {module})\b", path.read_text(encoding="utf-8"), re.M)
    }


def test_only_db_opens_the_main_database_and_only_ledger_the_live_store():
    assert importing("duckdb") == {"liangsaibi/store/db.py"}
    # login.py keeps the admin door's attempts in a SQLite file of its own (not the live store): counted under
    # SQLite's write lock by every process, kept out of backups and restores.
    assert importing("sqlite3") == {"liangsaibi/live/ledger.py", "liangsaibi/ops/login.py"}


def test_every_query_opens_with_a_header_saying_what_it_returns_its_grain_and_its_parameters():
    files = sorted([*(db.ROOT / "queries").glob("*.sql"), *(db.ROOT / "liangsaibi").glob("*/queries/*.sql")])
    assert len(files) > 40
    for query in files:
        lines = query.read_text(encoding="utf-8").splitlines()
        header = lines[: next(i for i, line in enumerate(lines) if not line.startswith("--"))]
        assert len(header) >= 2, query.name
        assert any(line.startswith("-- Grain: ") or "Grain: " in line for line in header), query.name
        assert any("Parameters: " in line for line in header), query.name
        named = set(re.findall(r"\$(\w+)", "\n".join(lines[len(header) :])))
        said = re.search(r"Parameters: (.*)", "\n".join(header)).group(1)
        assert all(f"${name}" in said for name in named), (query.name, named)


# The Streamlit modules of the package: the frame, and each capability's one module of widgets.
STREAMLIT_MODULES = {
    "liangsaibi.annual.form",
    "liangsaibi.frame.ui",
    "liangsaibi.frame.admin_undo",
    "liangsaibi.frame.settings_form",
    "liangsaibi.bulletin.editor",
    "liangsaibi.learn.entry",
    "liangsaibi.learn.slides",
    "liangsaibi.learn.street",
    "liangsaibi.live.admin_section",
    "liangsaibi.quiz.admin_section",
    "liangsaibi.ops.door",
    "liangsaibi.ops.health",
    "liangsaibi.publish.admin_section",
}


def test_no_module_below_the_pages_loads_streamlit_except_the_ui_modules():
    modules = sorted(
        ".".join(path.relative_to(db.ROOT).with_suffix("").parts)
        for path in (db.ROOT / "liangsaibi").rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )
    plain = [module for module in modules if module not in STREAMLIT_MODULES]
    # A fresh interpreter: this one has loaded Streamlit already, for the page tests.
    script = (
        f"import importlib, sys\nfor m in {plain!r}:\n    importlib.import_module(m)\nprint('streamlit' in sys.modules)"
    )
    said = subprocess.run([sys.executable, "-c", script], cwd=db.ROOT, capture_output=True, text=True, check=True)
    assert said.stdout.strip() == "False"


def test_the_command_line_never_loads_streamlit(tmp_path):
    script = (
        "import runpy, sys\nsys.argv = ['liangsaibi', '--help']\n"
        "try:\n    runpy.run_module('liangsaibi', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "import liangsaibi.__main__, liangsaibi.bulletin.document, liangsaibi.live.cli\n"
        "print('streamlit' in sys.modules, file=sys.stderr)"
    )
    said = subprocess.run([sys.executable, "-c", script], cwd=db.ROOT, capture_output=True, text=True, check=True)
    assert said.stderr.strip().splitlines()[-1] == "False"


def test_export_bulletin_loads_neither_the_charts_nor_the_import_pipeline(sample_database, tmp_path):
    """The 通报 from the command line within a second (benchmarks/RESULTS.md): plotly and the import pipeline (its
    reader child, checks) are the pages' and the import command's, not loaded to write a .docx."""
    out = tmp_path / "通报.docx"
    script = (
        "import sys\nfrom liangsaibi.__main__ import main\n"
        f"main(['export', 'bulletin', '--quarter', '2021Q4', '-o', {str(out)!r}])\n"
        "print(sorted({m.split('.')[0] if m.startswith('plotly') else m for m in sys.modules "
        "if m.startswith(('plotly', 'liangsaibi.intake', 'streamlit'))}), file=sys.stderr)"
    )
    environment = {**os.environ, "LIANGSAIBI_DB": str(sample_database)}
    said = subprocess.run(
        [sys.executable, "-c", script], cwd=db.ROOT, capture_output=True, text=True, check=True, env=environment
    )
    assert out.stat().st_size > 10_000
    assert said.stderr.strip().splitlines()[-1] == "[]"
