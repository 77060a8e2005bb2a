"""The equations the engine runs, as LaTeX, generated from a network's real
configuration so the text always matches the code (pure Python, no UI)."""
from __future__ import annotations

import numpy as np

from .activations import REGISTRY
from .engine import Network, schedules
from .engine.losses import loss_name, squared

_OUTPUT = {
    "sigmoid": r"\sigma(Z^{[L]})",
    "softmax": r"\mathrm{softmax}(Z^{[L]})_c = \frac{e^{Z_c}}{\sum_k e^{Z_k}}",
    "linear": r"Z^{[L]}",
}
_COST = {
    "sigmoid": r"-\frac{1}{m}\sum_{i=1}^{m}\big[y_i\log a_i + (1-y_i)\log(1-a_i)\big]",
    "softmax": r"-\frac{1}{m}\sum_{i=1}^{m}\sum_{c} y_{ci}\log a_{ci}",
    "linear": r"\frac{1}{m}\sum_{i=1}^{m}(a_i - y_i)^2",
}
_SQUARED_COST = r"\frac{1}{2m}\sum_{i=1}^{m}\sum_{c}(a_{ci} - y_{ci})^2"
_SQUARED_START = {  # dZ[L] of the squared loss: dA[L] = A - Y back through the output activation
    "sigmoid": r"(A^{[L]} - Y) \odot A^{[L]} \odot (1 - A^{[L]})",
    "softmax": r"A^{[L]} \odot \big((A^{[L]} - Y) - \textstyle\sum_c A^{[L]}_c (A^{[L]}_c - Y_c)\big)",
}


# Each input feature as it is computed (data.FEATURES), for the input column X.
FEATURE_LATEX = {"x1": "x_1", "x2": "x_2", "x1^2": "x_1^2", "x2^2": "x_2^2", "x1*x2": "x_1 x_2",
                 "sin(πx1)": r"\sin(\pi x_1)", "sin(πx2)": r"\sin(\pi x_2)",
                 "sin(x1)": r"\sin(x_1)", "sin(x2)": r"\sin(x_2)"}


def input_equation(features) -> str:
    """What one column of X holds: each input feature computed from the point (x1, x2)."""
    rows = r" \\ ".join(FEATURE_LATEX[f] for f in features)
    line = rf"x^{{(i)}} = \begin{{bmatrix}} {rows} \end{{bmatrix}}"
    if any(f.startswith("sin(π") for f in features):
        line += (r" \qquad \text{most toy data lies in } [-1, 1]\text{: } \sin(\pi x) \text{ makes one full "
                 r"period there, where } \sin(x) \approx x")
    return line


def _shape(rows: int, cols: int | str) -> str:
    return rf"({rows}\times {cols})"


def _summary(values: np.ndarray) -> str:
    if values.size == 0 or not np.isfinite(values).all():
        return r"\text{not finite}"
    return rf"\text{{mean }}{values.mean():.3g},\ \text{{std }}{values.std():.3g}"


def forward_equations(net: Network, m: int) -> list[str]:
    """One LaTeX line per step of the forward pass for a batch of m examples."""
    dims, L = net.dims_, len(net.dims_) - 1
    lines = [rf"A^{{[0]}} = X \quad {_shape(dims[0], m)}"]
    for l in range(1, L + 1):
        n, n_prev = dims[l], dims[l - 1]
        W = net.weights[l - 1]
        lines.append(
            rf"Z^{{[{l}]}} = W^{{[{l}]}}A^{{[{l - 1}]}} + b^{{[{l}]}} \quad "
            rf"{_shape(n, n_prev)}\cdot{_shape(n_prev, m)} + {_shape(n, 1)} \to {_shape(n, m)}"
            rf"\qquad W^{{[{l}]}}:\ {_summary(W)}")
        if l < L:
            act = net.activations_[l - 1]
            line = rf"A^{{[{l}]}} = g(Z^{{[{l}]}}) = {REGISTRY[act].latex} \quad {_shape(n, m)}"
            keep = net.keep_probs_[l - 1]
            if keep < 1:
                line += (rf"\qquad \text{{dropout: }} A^{{[{l}]}} \leftarrow \frac{{A^{{[{l}]}} \odot D^{{[{l}]}}}}"
                         rf"{{{keep:g}}},\ D^{{[{l}]}}_{{ij}} \sim \mathrm{{Bernoulli}}({keep:g})")
            lines.append(line)
        else:
            lines.append(rf"A^{{[{L}]}} = {_OUTPUT[net.output_]} \quad {_shape(n, m)}")
    return lines


def cost_equation(net: Network) -> str:
    cost = _SQUARED_COST if squared(net.output_, net.loss) else _COST[net.output_]
    terms = []
    if net.l2 > 0:
        cost += rf" + \frac{{{net.l2:g}}}{{2m}}\sum_{{l}}\lVert W^{{[l]}}\rVert_F^2"
        terms.append("L2")
    if net.l1 > 0:
        cost += rf" + \frac{{{net.l1:g}}}{{m}}\sum_{{l}}\sum_{{j,k}}\lvert W^{{[l]}}_{{jk}}\rvert"
        terms.append("L1")
    extra = f", with {' and '.join(terms)}" if terms else ""
    return rf"J = {cost} \qquad \text{{({loss_name(net.output_, net.loss)}{extra})}}"


def backward_equations(net: Network, m: int) -> list[str]:
    """The backward chain, output layer first."""
    dims, L = net.dims_, len(net.dims_) - 1
    l2 = rf" + \frac{{{net.l2:g}}}{{m}}W^{{[l]}}" if net.l2 > 0 else ""
    l2 += rf" + \frac{{{net.l1:g}}}{{m}}\operatorname{{sign}}(W^{{[l]}})" if net.l1 > 0 else ""
    start = r"2(Z^{[L]} - Y)" if net.output_ == "linear" else r"A^{[L]} - Y"
    if squared(net.output_, net.loss):
        start = _SQUARED_START[net.output_]
    lines = [rf"dZ^{{[{L}]}} = {start} \quad {_shape(dims[L], m)}"]
    for l in range(L, 0, -1):
        n, n_prev = dims[l], dims[l - 1]
        lines.append(rf"dW^{{[{l}]}} = \frac{{1}}{{m}} dZ^{{[{l}]}} A^{{[{l - 1}]T}}{l2.replace('[l]', f'[{l}]')}"
                     rf" \quad {_shape(n, m)}\cdot{_shape(m, n_prev)} \to {_shape(n, n_prev)}")
        lines.append(rf"db^{{[{l}]}} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} dZ^{{[{l}](i)}} \quad \to {_shape(n, 1)}")
        if l > 1:
            act = net.activations_[l - 2]
            lines.append(rf"dA^{{[{l - 1}]}} = W^{{[{l}]T}} dZ^{{[{l}]}} \quad "
                         rf"{_shape(n_prev, n)}\cdot{_shape(n, m)} \to {_shape(n_prev, m)}")
            keep = net.keep_probs_[l - 2]
            if keep < 1:
                lines.append(rf"dA^{{[{l - 1}]}} \leftarrow \frac{{dA^{{[{l - 1}]}} \odot D^{{[{l - 1}]}}}}{{{keep:g}}}"
                             r"\quad\text{(the same mask as the forward pass)}")
            lines.append(rf"dZ^{{[{l - 1}]}} = dA^{{[{l - 1}]}} \odot g'(Z^{{[{l - 1}]}}),\quad g' = {REGISTRY[act].latex_derivative}")
    return lines


def update_equation(net: Network) -> str:
    """The optimiser's update; with a schedule, α_t's rule and its value now."""
    if net.schedule == "constant":
        lr, rule = f"{net.learning_rate:g}", ""
    else:
        lr = r"\alpha_t"
        rule = (rf"\qquad {schedules.LATEX[net.schedule]},\ \alpha = {net.learning_rate:g},\ "
                rf"t = {net.epoch_}:\ \alpha_t = {net.current_learning_rate:.3g}")
    if net.optimizer == "sgd":
        return rf"\theta \leftarrow \theta - {lr}\, d\theta" + rule
    if net.optimizer == "momentum":
        return (rf"v \leftarrow {net.momentum:g}\,v + {1 - net.momentum:g}\,d\theta,\quad "
                rf"\theta \leftarrow \theta - {lr}\,v" + rule)
    return (r"m \leftarrow 0.9m + 0.1\,d\theta,\ v \leftarrow 0.999v + 0.001\,d\theta^2,\ "
            rf"\theta \leftarrow \theta - {lr}\,\frac{{\hat m}}{{\sqrt{{\hat v}} + 10^{{-8}}}}" + rule)
