"""The Streamlit internals the product leans on, one test each: an upgrade that changes one fails here, loudly and
by name, before it silently breaks a page (requirements.txt pins Streamlit to the minor version these hold for)."""

import inspect
import json

import plotly.graph_objects as go
import streamlit
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner

from liangsaibi.frame import ui


def test_the_legacy_pages_flag_that_leave_legacy_pages_mode_turns_off_is_still_read_by_the_script_runner():
    # ui.leave_legacy_pages_mode sets PagesManager.uses_pages_directory = False so that a cold deep link's run,
    # begun on pages/x.py alone, goes through dashboard.py's frame.
    assert "uses_pages_directory" in vars(pages_manager.PagesManager)
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)


def test_a_kept_figure_is_written_from_its_remembered_dict():
    # ui._Kept remembers its dict on the first draw; st.plotly_chart must still get the figure's JSON through
    # plotly.io.to_json, which asks figure.to_dict(): a marker put in the remembered dict reaches the chart.
    from streamlit.testing.v1 import AppTest

    def script():
        import plotly.graph_objects as go
        import streamlit as st

        from liangsaibi.frame import ui

        figure = ui.figure(go.Figure, go.Bar(x=[1], y=[2]))
        figure.to_dict()["layout"]["title"] = {"text": "记住的字典"}
        st.plotly_chart(figure)

    app = AppTest.from_function(script, default_timeout=30).run()
    assert json.loads(app.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"] == "记住的字典"
    assert isinstance(ui.figure(go.Figure, go.Bar(x=[1], y=[2])), go.Figure)


def test_the_benchmarks_apptest_hooks_are_where_they_patch_them():
    # benchmarks/run.py (as_a_server) swaps app_test.ScriptCache and wraps PagesManager.__init__.
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    assert app_test.ScriptCache is ScriptCache
    assert "ScriptCache()" in inspect.getsource(app_test)
    assert list(inspect.signature(pages_manager.PagesManager.__init__).parameters)[:2] == ["self", "main_script_path"]


def test_the_websocket_messages_the_viewer_benchmark_speaks_have_the_fields_it_sets():
    # benchmarks/viewers.py drives a server over Streamlit's WebSocket with these protobuf messages.
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    request = BackMsg()
    request.rerun_script.query_string, request.rerun_script.page_name = "quarter=2021Q4", "trend"
    request.rerun_script.cached_message_hashes.extend(["a"])
    assert {"script_finished", "delta", "new_session"} <= {field.name for field in ForwardMsg.DESCRIPTOR.fields}


def test_the_navigation_function_the_framed_floor_wraps_is_importable_where_it_imports_it():
    from streamlit.commands.navigation import navigation

    assert navigation is streamlit.navigation
