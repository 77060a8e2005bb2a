"""The confusion-matrix and hidden-space panels and the legend, through AppTest."""
import numpy as np
from sklearn.metrics import confusion_matrix as sk_confusion
from tests.support.apptest import session_of, show, start, train

from playground import nn




def test_confusion_matrix_panel_counts_the_test_set():
    at = start({"dataset": "blobs3"})
    show(at, "Confusion matrix")
    train(at, 3)
    s = session_of(at)
    d, net = s.trainer.dataset, s.trainer.network
    expected = sk_confusion(d.y_test, net.predict(d.X_test), labels=[0, 1, 2])
    fig = s.panels["confusion"]["fig"]
    heatmap = fig.data[0]
    assert np.array_equal(np.array(heatmap.z), expected)
    assert f"{np.trace(expected)} of {len(d.y_test)} right" in fig.layout.title.text


def test_confusion_matrix_panel_says_it_is_for_classification():
    at = start({"dataset": "plane"})
    show(at, "Confusion matrix")
    assert any("for classification" in e.value for e in at.info)


def test_hidden_space_panel_follows_the_chosen_layer_and_units():
    at = start({"layers": "5,4", "act": "tanh,relu"})
    show(at, "Hidden space")
    train(at, 2)
    at.selectbox(key="w_hs_layer").select(2).run()
    at.selectbox(key="w_hs_x").select(3).run()
    assert not at.exception
    s = session_of(at)
    fig, net, d = s.panels["hidden"]["fig"], s.trainer.network, s.trainer.dataset
    assert fig.layout.xaxis.title.text == "unit 4 of layer 2" and fig.layout.yaxis.title.text == "unit 2 of layer 2"
    p = net.parameters
    A = nn.activation(nn.linear(p["W1"], d.X_train.T, p["b1"]), "tanh")
    A = nn.activation(nn.linear(p["W2"], A, p["b2"]), "relu")
    for c in (0, 1):
        assert np.allclose(fig.data[2 + c].x, np.round(A[3, d.y_train == c], 4), atol=1e-4)
        assert np.allclose(fig.data[2 + c].y, np.round(A[1, d.y_train == c], 4), atol=1e-4)
    # a smaller network: the view goes back to a layer and units it has
    at.number_input(key="w_n_layers").set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state.w_hs_layer == 1
    at.number_input(key="w_hidden_0").set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]
    at.number_input(key="w_n_layers").set_value(0).run()
    assert any("no hidden layer" in e.value for e in at.info)


def test_live_boundary_has_its_legend():
    at = start({"dataset": "gauss_bumps"})
    s = session_of(at)
    bar = s.boundary_fig.data[-1].marker
    y = np.concatenate([s.trainer.dataset.y_train, s.trainer.dataset.y_test])
    assert bar.showscale and (bar.cmin, bar.cmax) == (-np.abs(y).max(), np.abs(y).max())
    train(at, 2)
    assert session_of(at).boundary_fig.data[-1].marker.cmax == np.abs(y).max()
