"""What counts as the user touching the page since its last run
(playground/ui/inputs.py): the check every fragment run makes before it
draws, so a click that Streamlit's front end folded into a fragment's
request still reruns the page (tests/test_folded_page_run.py provokes that
in a browser)."""
import pytest

from playground.ui import inputs, state
from tests.support.apptest import fake_session


class Rerun(Exception):
    """What st.rerun raises: the run stops there."""


@pytest.fixture()
def page(monkeypatch):
    session = fake_session(monkeypatch)
    w = state.widgets()
    w.update({"w_panel": "None", "w_lr": 0.03, "w_hidden": [8, 8], "w_draw_mode": 0, "btn_train": False,
              "dl_data": False, "touch_value": 0.5})
    inputs.remember_page()
    return session, w


def test_nothing_changed_is_no_touch(page):
    assert not inputs.touched_since_page()


@pytest.mark.parametrize("key, value", [("w_panel", "Hidden space"), ("w_lr", 0.1), ("w_hidden", [8, 4])])
def test_a_changed_page_widget_is_a_touch(page, key, value):
    page[1][key] = value
    assert inputs.touched_since_page()


def test_a_page_button_click_is_a_touch(page):
    page[1]["btn_train"] = True
    assert inputs.touched_since_page()


def test_same_values_in_another_container_are_no_touch(page):
    page[1]["w_hidden"] = (8, 8)  # a list read back as a tuple is the same choice
    assert not inputs.touched_since_page()


def test_widgets_of_a_fragment_new_widgets_and_gone_widgets_are_no_touch(page):
    w = page[1]
    w["w_draw_mode"] = 1  # drawn in a fragment of its own: its change reruns only that
    w["touch_value"] = 2.0  # the weight editor: inside the network fragment, not a w_ key
    w["w_hs_layer"] = 2  # drawn for the first time since the last page run
    del w["w_lr"]  # gone (its panel or control is no longer drawn)
    assert not inputs.touched_since_page()


def test_a_page_run_remembers_what_it_ends_with(page):
    session, w = page
    w["w_panel"] = "Hidden space"
    inputs.note_page_run(now=100.0)
    assert session.touched_at == 100.0  # the change that caused this page run is a touch
    w["w_lr"] = 0.5  # set by the page run itself, after it started (as a choice that no longer exists is)
    assert inputs.touched_since_page()  # so far a change to the fragments
    inputs.remember_page()  # the page run's end
    assert not inputs.touched_since_page()
    inputs.note_page_run(now=200.0)
    assert session.touched_at == 100.0  # a rerun the app made itself is not


@pytest.fixture()
def fragment(page, monkeypatch):
    """inputs.fragment around a body that records its calls; st.rerun raises
    Rerun; fragment_run() says what the test sets in `where`."""
    session, w = page
    calls, where = [], {"fragment_run": True}
    monkeypatch.setattr(inputs.st, "fragment", lambda body, **options: body)
    monkeypatch.setattr(inputs.st, "rerun", lambda: (_ for _ in ()).throw(Rerun()))
    monkeypatch.setattr(inputs, "fragment_run", lambda: where["fragment_run"])
    session.clock = lambda: 500.0
    return inputs.fragment(lambda x: calls.append(x)), calls, where, session, w


def test_a_fragment_run_with_nothing_changed_draws(fragment):
    frame, calls, _, session, _ = fragment
    frame(1)
    assert calls == [1] and session.touched_at is None


def test_a_fragment_run_after_a_page_click_reruns_the_page_before_drawing(fragment):
    frame, calls, _, session, w = fragment
    w["btn_train"] = True
    with pytest.raises(Rerun):
        frame(1)
    assert calls == [] and session.touched_at == 500.0  # the click counts as a touch


def test_the_page_run_draws_its_fragments_whatever_changed(fragment):
    frame, calls, where, _, w = fragment
    where["fragment_run"] = False  # a page run draws everything anyway
    w["w_panel"] = "Hidden space"
    frame(2)
    assert calls == [2]
