"""The one bounded recorder (engine/recorder.py) behind the history of costs
and the app's snapshots: bounded, evenly thinned, the newest item held."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from playground.engine import History, Recorder


@settings(max_examples=60, deadline=None)
@given(capacity=st.integers(2, 40), gaps=st.lists(st.integers(0, 50), min_size=1, max_size=600))
def test_memory_is_bounded_the_newest_is_held_and_keys_stay_in_order(capacity, gaps):
    r = Recorder(capacity)
    key = 0
    for gap in gaps:
        key += gap
        r.add(key, ("item", key))
        assert len(r) <= capacity
        assert r.keys[-1] == key and r.items[-1] == ("item", key)  # the counters show the newest
    assert r.keys == sorted(r.keys) and [k for _, k in r.items] == r.keys


def test_consecutive_epochs_are_kept_evenly_spaced_from_the_first():
    r = Recorder(10)
    for epoch in range(1000):
        r.offer(epoch, lambda: epoch)
    assert r.keys[0] == 0 and len(r) < 10
    assert len(set(np.diff(r.keys))) == 1  # one spacing throughout
    assert np.diff(r.keys)[0] == r.stride and r.stride & (r.stride - 1) == 0  # a power of two


def test_offer_makes_the_item_only_when_it_is_kept():
    r, made = Recorder(4), []
    for step in range(100):
        r.offer(step, lambda: made.append(step) or step)
    assert made[:3] == [0, 1, 2] and set(r.items) <= set(made) and len(made) < 100


def test_a_newest_item_that_is_not_due_gives_way_to_the_next():
    r = Recorder(100)
    r.add(0, "a")
    r.stride = 4  # as after thinning
    r.add(1, "b")  # not due (same slot as 0): held as the newest only
    r.add(2, "c")
    assert r.items == ["a", "c"]
    r.add(4, "d")  # due: kept for good
    r.add(5, "e")
    assert r.items == ["a", "d", "e"]


def test_dropping_the_newest_goes_back_to_the_item_before():
    h = History(max_points=50)
    for epoch in range(5):
        h.add(epoch, 1.0 / (epoch + 1), 0, 0, 0)
    h.drop_newest()
    assert h.last()["epoch"] == 3 and h.wants(4)


@pytest.mark.parametrize("capacity", [0, 1, 2.5, True, "10"])
def test_a_bad_capacity_is_refused_by_name(capacity):
    with pytest.raises(ValueError, match="capacity"):
        Recorder(capacity)
