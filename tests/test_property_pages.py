"""No valid data breaks a page: random valid districts (hypothesis) on every page with each filter, every slide, every
command-line export and the 通报 — no exception, no None or nan shown. Small bounds here (CI, about 3 minutes);
LIANGSAIBI_PROPERTY_FULL=1 runs the issue's full bounds (1–60 streets × 1–40 units, 1–12 themes, 1–40 quarters)."""

import io
import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest
from browser import navigation_paths
from fixtures import log_in
from hypothesis import HealthCheck, Phase, given, settings
from property_support import BOUNDS, FULL, build, districts, missing_shown
from streamlit.testing.v1 import AppTest

from liangsaibi.__main__ import VIEWS, main
from liangsaibi.board import views
from liangsaibi.frame import ui
from liangsaibi.store import db

PASSWORD = "口令"
SLIDES = ["title", "ranking", "heatmap", "trend", "commitments", "boards", "highlights", "rectification", "streets"]
SLIDES += ["annual", "flags", "progress"]
CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
FIGURES = Counter()  # what the run covered, printed at its end (pytest -s)
LARGEST = Counter()  # the largest district drawn


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    print(f"\n性质测试：{dict(FIGURES)}；最大：{dict(LARGEST)}")


def shown_texts(app) -> list[str]:
    """Every text the run put on the page: markdown, captions, titles, metrics, messages, tables, charts, HTML."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "text"):
        texts += [str(element.value) for element in app.get(kind)]
    for metric in app.metric:
        texts += [str(metric.label), str(metric.value), str(metric.proto.delta)]
    for frame in [*app.dataframe, *app.table]:
        # A missing cell shows the table's placeholder (新, —, or nothing), or "None" where it has none.
        given = frame.proto.HasField("placeholder") if hasattr(frame.proto, "placeholder") else False
        texts.append(frame.value.to_csv(index=False, na_rep=frame.proto.placeholder if given else "None"))
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        parts = [trace.get(key) for trace in spec["data"] for key in ("text", "hovertext", "name", "texttemplate")]
        parts += [spec["layout"].get(key) for key in ("annotations", "title")]
        texts += strings(parts)
    texts += [CODE.sub("", element.proto.body) for element in app.get("html")]  # what it shows, not its script
    return texts


def strings(value) -> list[str]:
    """The strings inside a chart's JSON (a missing text is null there, and shows nothing)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def assert_page_whole(app, where: str) -> None:
    FIGURES["page runs"] += 1
    assert not app.exception, (where, [e.value for e in app.exception])
    assert not [e.value for e in app.error], (where, [e.value for e in app.error])
    found = [hit for text in shown_texts(app) for hit in missing_shown(text)]
    assert not found, (where, found[:5])


def run_pages(streets: list[str], themes: list[str], quarters: list[str]) -> None:
    pages = [path for path in navigation_paths(hidden=False)]
    filters = [{}, {"street": streets[-1], "theme": themes[-1], "quarter": quarters[0]}]
    for page in pages:
        for query in filters:
            app = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=60)
            for key, value in query.items():
                app.query_params[key] = value
            app.run()
            if page:
                app.switch_page(f"pages/{page}.py").run()
            if page == "admin":
                log_in(app, PASSWORD)
            assert_page_whole(app, f"/{page} {query}")
    for slide in SLIDES:
        app = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=60)
        app.query_params["slides"] = slide
        app.run().switch_page("pages/present.py").run()
        assert_page_whole(app, f"/present?slides={slide}")


def run_exports(streets: list[str], quarters: list[str], folder: Path) -> None:
    for view, (_, _, takes_quarter, _) in VIEWS.items():
        for quarter in quarters[:1] + quarters[-1:] if takes_quarter else [None]:
            for form in ("csv", "xlsx"):
                output = folder / f"{view}.{form}"
                arguments = ["export", view, "-o", str(output), "--street", streets[0]]
                assert main(arguments + (["--quarter", quarter] if quarter else [])) == 0
                FIGURES["exports"] += 1
                text = output.read_text("utf-8-sig") if form == "csv" else workbook_text(output)
                assert not missing_shown(text), (view, quarter, form, missing_shown(text)[:3])
    for units in ([], ["--units"]):
        output = folder / "年度.csv"
        assert main(["export", "annual", "-o", str(output), *units]) == 0
        FIGURES["exports"] += 1
        assert not missing_shown(output.read_text("utf-8-sig")), ("annual", units)
    for quarter in quarters[:1] + quarters[-1:]:
        output = folder / "通报.docx"
        assert main(["export", "bulletin", "--quarter", quarter, "-o", str(output)]) == 0
        FIGURES["bulletins"] += 1
        text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
        text += "\n".join(cell.text for t in docx.Document(str(output)).tables for row in t.rows for cell in row.cells)
        assert not missing_shown(text), (quarter, missing_shown(text)[:3])


def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell)


@settings(
    max_examples=BOUNDS.examples,
    deadline=None,
    database=None,  # no example database left in the tree
    suppress_health_check=list(HealthCheck),
    derandomize=not FULL,  # CI runs the same examples every time
    print_blob=True,  # a failure says how to replay it (@reproduce_failure)
    phases=[Phase.explicit, Phase.generate],  # no shrinking: an example takes seconds; a failure names its files
)
@given(files=districts())
def test_no_valid_district_breaks_a_page_a_slide_an_export_or_the_bulletin(files, monkeypatch_env):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "district.duckdb"
        build(files, path)
        FIGURES["databases"] += 1
        scores = sum(len(data.splitlines()) - 1 for name, data in files.items() if name.startswith("scores_"))
        FIGURES["score rows"] += scores
        LARGEST["score rows"] = max(LARGEST["score rows"], scores)
        monkeypatch_env(path)
        streets, themes, quarters = views.streets(), views.themes_ever(), sorted(views.quarters())
        for what, count in (("streets", len(streets)), ("themes", len(themes)), ("quarters", len(quarters))):
            LARGEST[what] = max(LARGEST[what], count)
        run_pages(streets, themes, quarters)
        run_exports(streets, quarters, Path(folder))
        db.close_all()


@pytest.fixture
def monkeypatch_env(monkeypatch):
    """Point the dashboard and the command line at a database, with fresh caches."""

    def point(path: Path) -> None:
        db.close_all()
        ui.clear_caches()
        monkeypatch.setenv("LIANGSAIBI_DB", str(path))
        monkeypatch.setenv("LIANGSAIBI_ADMIN_PASSWORD", PASSWORD)

    return point


if os.environ.get("LIANGSAIBI_PROPERTY_SHOW"):  # a look at what is drawn: python tests/test_property_pages.py
    print(districts().example())
