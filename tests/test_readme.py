"""README is a newcomer's page: Chinese first, one start command, one test command (the one CI runs), and links
that stay inside the repository."""

import re

import pandas as pd

from liangsaibi.store import db
from liangsaibi.store.build import SAMPLE

README = (db.ROOT / "README.md").read_text(encoding="utf-8")
LINK = re.compile(r"\[[^\]]*\]\(([^)]+)\)")


def fenced_lines(text: str) -> list[str]:
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_has_one_start_command_and_one_test_command_and_ci_runs_that_test_command():
    lines = fenced_lines(README)
    starts = [line for line in lines if "streamlit run dashboard.py" in line]
    tests = [line for line in lines if "pytest" in line]
    assert starts == ["python -m pip install -r requirements.txt && python -m streamlit run dashboard.py"]
    assert tests == ["python -m pip install -r requirements-test.txt && python -m pytest"]
    ci = (db.ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == tests[0]


def test_readme_speaks_chinese_first_with_the_windows_commands_the_address_and_how_to_stop():
    chinese, english = README.split("## English")
    for words in (
        "py -3.11 -m venv .venv",
        r".venv\Scripts\activate",
        "set LIANGSAIBI_ADMIN_PASSWORD=",
        "http://localhost:8501",
        "Ctrl+C",
    ):
        assert words in chinese
    assert len(re.findall(r"[\u4e00-\u9fff]", chinese)) > 5 * len(re.findall(r"[\u4e00-\u9fff]", english))


def test_readme_and_docs_link_only_to_files_of_the_repository():
    for path in [db.ROOT / "README.md", *sorted((db.ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for target in LINK.findall(text):
            assert "://" not in target and not target.startswith(".."), f"{path.name}: {target}"
            assert (path.parent / target).exists(), f"{path.name}: {target}"
        outside = [
            url
            for url in re.findall(r"https?://[^\s)`>]+", text)
            if not url.startswith(("http://localhost", "http://192.168."))
        ]  # this machine, an intranet
        assert outside == [], path.name
    assert {"docs/导入格式.md", "docs/计分规则.md"} <= set(LINK.findall(README))


def test_readme_examples_use_the_demos_newest_quarter_and_say_how_other_pcs_find_the_address():
    chinese = README.split("## English")[0]
    newest = max(pd.read_csv(SAMPLE / "scores.csv", encoding="utf-8-sig", usecols=["季度"])["季度"])
    assert set(re.findall(r"quarter[= ](\d{4}Q\d)", chinese)) == {newest}  # the demo opens on it
    assert "管理员姓名" in chinese
    # the start window prints localhost (.streamlit/config.toml names it), so README gives the command that does not
    assert 'serverAddress = "localhost"' in (db.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    other_pcs = chinese[chinese.index("**让同一内网的其他电脑访问**") :].split("\n\n")[0]
    assert "python -m liangsaibi live address" in other_pcs and "localhost 只在本机有效" in other_pcs
