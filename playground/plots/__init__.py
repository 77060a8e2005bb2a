"""Plotly figures built from plain arrays (no Streamlit here): the boundary,
the curves, the network drawing and the extra panels, one module each.

Every figure sets a constant `uirevision` so that redrawing it with new data
keeps the user's zoom and does not re-animate. A live frame sends patches
instead of whole figures: a list of [op, path, value], op "set" (value goes at
path), or [op, path, start, values], op "splice" (the array at path is cut at
start and values appended), applied in the browser by ui/plotly_live.py.
"""
from .boundary import (DISCRETE_SHADE, DISCRETE_UPSCALE, SURE_WHITE, UNSURE_WHITE, boundary_figure,  # noqa: F401
                       boundary_image, boundary_patch, boundary_rgb, png_data_uri, points_patch,
                       update_boundary_figure)
from .curves import (CURVE_KEYS, MIN_SPAN, curve_ranges, curve_traces, curves_figure, curves_patch,  # noqa: F401
                     figure_ranges, update_curves_figure)
from .network import network_figure, network_spec  # noqa: F401
from .panels import compare_figure, histograms, layer_lines  # noqa: F401
from .style import CLASS_COLOURS, DIVERGING, LIVE_TEMPLATE, MARGIN  # noqa: F401
from .confusion import confusion_figure, confusion_patch  # noqa: F401
from .hidden import hidden_space_figure, hidden_space_patch  # noqa: F401
