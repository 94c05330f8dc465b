"""季度发布 on the pages: viewers see published quarters only, a draft asked for by link gets a sentence, the
administrator sees the draft marked 草稿 with its 参评 (tests/publish_support.py's district, by hand)."""

import pytest
from fixtures import open_app
from publish_support import UNITS, bring, score_file, six_streets  # noqa: F401

from liangsaibi.frame import ui
from liangsaibi.ops import login
from liangsaibi.publish import states

# 2026Q4: 甲街道 all six units (90 80 70 80 90 60 → 78.33), 乙街道 one of six (100); 2026Q3 80.00 everywhere.
Q4 = {
    **dict(zip([("甲街道", unit) for unit in UNITS["甲街道"]], [(9, 9), (8, 8), (7, 7), (9, 7), (10, 8), (6, 6)])),
    ("乙街道", "乙1社区"): (10, 10),
}


@pytest.fixture
def draft_district(six_streets, monkeypatch):
    monkeypatch.setenv("LIANGSAIBI_DB", str(six_streets))
    states.change("2026Q3", True, six_streets, operator="测试")
    bring(six_streets, ("q4.csv", score_file("2026Q4", Q4)))
    ui.clear_caches()
    yield six_streets
    ui.clear_caches()


def metric(app, label):
    return next(card for card in app.metric if card.label == label).value


def test_a_viewer_opens_on_the_newest_published_quarter_not_the_draft(draft_district):
    app = open_app()
    assert app.session_state["quarter"] == "2026Q3"
    assert app.sidebar.selectbox[0].options == ["2026年第三季度"]
    assert metric(app, "全区平均") == "80.00"
    assert not [w for w in app.warning if "草稿" in w.value]


def test_a_draft_asked_for_by_link_without_login_gets_a_sentence_and_the_published_quarter(draft_district):
    app = open_app({"quarter": "2026Q4"})
    assert app.session_state["quarter"] == "2026Q3"
    assert app.query_params["quarter"] == ["2026Q3"] or app.query_params["quarter"] == "2026Q3"
    said = " ".join(w.value for w in app.warning)
    assert "链接中的季度“2026Q4”还没有发布" in said and "下面显示最新的2026年第三季度" in said
    assert metric(app, "全区平均") == "80.00"


def test_the_administrator_sees_the_draft_marked_with_its_participation(draft_district):
    from streamlit.testing.v1 import AppTest

    from liangsaibi.store import db

    app = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=30)
    app.session_state["admin"], app.session_state["admin_seen"] = "王五", login.now()
    app.query_params["quarter"] = "2026Q4"
    app.run()
    assert not app.exception
    assert app.session_state["quarter"] == "2026Q4"
    assert app.sidebar.selectbox[0].options == ["2026年第四季度（草稿）", "2026年第三季度"]
    banner = app.warning[0].value
    assert banner.startswith("草稿 · 参评 7/36 村(社区)（按现登记名单）：本季度尚未发布")
    # (90 + 80 + 70 + 80 + 90 + 60 + 100) / 7 = 81.43; 乙 100.00 first with 1/6 不完整, 甲 78.33 with 6/6.
    assert metric(app, "全区平均") == "81.43"
    table = app.dataframe[0].value
    assert table[["街道", "总分", "参评", "参评状态"]].values.tolist() == [
        ["乙街道", 100.0, "1/6", "不完整"],
        ["甲街道", 78.33, "6/6", "完整"],
    ]
    captions = " ".join(c.value for c in app.caption)
    assert "未参评（没有任何村(社区)得分，不排名、不计入平均）：丁街道、丙街道、己街道、戊街道。" in captions
