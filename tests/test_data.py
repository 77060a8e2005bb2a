"""Datasets, features and CSV loading."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from playground.data import (BLOBS3_CENTRES, DATASETS, expand_features, load_csv,
                             make_dataset, to_csv)


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_has_consistent_shapes_and_labels(name):
    d = make_dataset(name, n_samples=300, noise=0.1, test_ratio=0.3, seed=1)
    assert d.X_train.shape == (210, 2) and d.X_test.shape == (90, 2)
    assert d.points_train.shape == (210, 2)
    assert len(d.y_train) == 210 and len(d.y_test) == 90
    assert np.isfinite(d.X_train).all()
    if d.task == "classification":
        assert set(np.unique(np.concatenate([d.y_train, d.y_test]))) == set(range(d.n_classes))
        assert d.n_classes == (3 if name in ("blobs3", "spiral3") else 2)
    else:
        assert d.n_classes is None and d.y_train.dtype.kind == "f"


def test_datasets_are_reproducible_and_seed_dependent():
    a, b = make_dataset("spiral", seed=3), make_dataset("spiral", seed=3)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X_train, make_dataset("spiral", seed=4).X_train)


def test_circles_is_sklearn_make_circles_with_factor_half():
    from sklearn.datasets import make_circles
    d = make_dataset("circles", n_samples=200, noise=0.0, test_ratio=0.0, seed=2)
    P, y = make_circles(200, noise=0.0, factor=0.5, random_state=2)
    assert np.allclose(np.sort(np.linalg.norm(d.points_train, axis=1)), np.sort(np.linalg.norm(P, axis=1)))
    radii = np.linalg.norm(d.points_train, axis=1)
    assert np.allclose(radii[d.y_train == 1], 0.5) and np.allclose(radii[d.y_train == 0], 1.0)


def test_blobs3_centres_and_spread():
    d = make_dataset("blobs3", n_samples=3000, noise=0.0, test_ratio=0.0)
    for k, centre in enumerate(BLOBS3_CENTRES):
        pts = d.points_train[d.y_train == k]
        assert np.allclose(pts.mean(axis=0), centre, atol=0.06)
        assert np.allclose(pts.std(axis=0), 0.5, atol=0.05)


def test_feature_expansion_by_hand():
    P = np.array([[1.0, 2.0], [-0.5, 3.0]])
    X = expand_features(P, ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"))
    assert np.allclose(X[0], [1, 2, 1, 4, 2, np.sin(1), np.sin(2)])
    assert np.allclose(X[1], [-0.5, 3, 0.25, 9, -1.5, np.sin(-0.5), np.sin(3)])
    d = make_dataset("circles", features=("x1^2", "x2^2"))
    assert np.allclose(d.X_train, d.points_train ** 2)
    with pytest.raises(ValueError, match="unknown feature"):
        make_dataset("circles", features=("x3",))
    with pytest.raises(ValueError, match="at least one"):
        make_dataset("circles", features=())


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "swirl"}, "circles"), ({"name": "moons", "n_samples": 2}, "n_samples"),
    ({"name": "moons", "noise": -1}, "noise"), ({"name": "moons", "test_ratio": 1.0}, "test_ratio"),
    ({"name": "moons", "seed": -3}, "seed")])
def test_make_dataset_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(**kwargs)


def test_csv_round_trip_with_and_without_header():
    d = make_dataset("moons", n_samples=100, test_ratio=0.0)
    text = to_csv(d.points_train, d.y_train)
    back = load_csv(text.encode(), test_ratio=0.0)
    assert np.allclose(back.points_train, d.points_train) and np.array_equal(back.y_train, d.y_train)
    headless = "\n".join(text.splitlines()[1:])
    assert len(load_csv(headless.encode(), test_ratio=0.2).y_train) == 80
    semicolons = load_csv(b"a;b;c\n0;0;-1\n1;1;1\n0;1;-1\n1;0;1\n", test_ratio=0.0)
    assert list(semicolons.y_train) == [0, 1, 0, 1]  # labels -1, 1 become 0, 1
    regression = load_csv(b"0,0,0.5\n1,1,1.5\n0,1,0.25\n1,0,2\n", test_ratio=0.0)
    assert regression.task == "regression" and regression.n_classes is None


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"x1,x2,label\n1,2\n", "line 2: expected 3 columns"),
    (b"1,2,0\n3,abc,1\n1,1,0\n0,0,1\n", "line 2, column 2: 'abc' is not a number"),
    (b"1,2,0\n3,nan,1\n1,1,0\n0,0,1\n", "line 2, column 2"),
    (b"1,2,0\n3,4,0\n5,6,0\n7,8,0\n", "at least 2 classes"),
    (b"1,2,0\n\xff\xfe,4,1\n", "line 2: the file is not UTF-8"),
    (b"1,2,0\n3,4,1\n", "at least 4"),
    ("\n".join(f"{i},{i},{i % 2}" for i in range(10_001)).encode(), "limit is 10000"),
    ("\n".join(f"{i},{i},{i}" for i in range(20)).encode(), "at most 10 classes")])
def test_malformed_csv_names_the_line_and_problem(content, message):
    with pytest.raises(ValueError, match=message):
        load_csv(content)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_a_dataset_or_a_value_error(blob):
    try:
        d = load_csv(blob)
    except ValueError as error:
        assert str(error)
    else:
        assert np.isfinite(d.X_train).all()


def test_extent_is_kept_but_follows_replaced_points():
    d = make_dataset("moons", noise=0.1)
    P = np.vstack([d.points_train, d.points_test])
    span = P.max(axis=0) - P.min(axis=0)
    expected = [P[:, 0].min() - 0.1 * span[0], P[:, 0].max() + 0.1 * span[0],
                P[:, 1].min() - 0.1 * span[1], P[:, 1].max() + 0.1 * span[1]]
    assert np.allclose(d.extent, expected) and d.extent == d.extent
    d.points_train = d.points_train * 3.0  # a new array: the kept extent must not be reused
    assert d.extent[1] > expected[1] + 1.0
    d.frame = (-10.0, 10.0, -10.0, 10.0)
    assert d.extent == (-10.0, 10.0, -10.0, 10.0)
