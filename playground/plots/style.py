"""Colours and the lean template shared by every figure."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

CLASS_COLOURS = ("#f59322", "#0877bd", "#3aa35b", "#a34fd1", "#d6404e", "#7f7f7f",
                 "#bcbd22", "#17becf", "#8c564b", "#e377c2")
DIVERGING = [[0.0, "#f59322"], [0.5, "#f7f7f7"], [1.0, "#0877bd"]]
MARGIN = dict(l=10, r=10, t=30, b=10)
# The few parts of Plotly's default look the live figures use. The default
# template is 8 kB of JSON that would be copied, encoded and sent with every
# frame; this one is a tenth of that.
LIVE_TEMPLATE = go.layout.Template(layout=dict(
    font=dict(color="#2a3f5f"), paper_bgcolor="white", plot_bgcolor="#E5ECF6", hoverlabel=dict(align="left"),
    xaxis=dict(gridcolor="white", zerolinecolor="white", linecolor="white", ticks=""),
    yaxis=dict(gridcolor="white", zerolinecolor="white", linecolor="white", ticks="")))


def rgb_of(hex_colour: str) -> np.ndarray:
    """'#rrggbb' as floats 0..255."""
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def with_white(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Mix a colour with white: amount 0 keeps it, 1 gives white."""
    return rgb + (255.0 - rgb) * amount
