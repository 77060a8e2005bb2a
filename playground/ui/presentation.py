"""Presentation mode (?present=1): on a projector's 1280×720 window the run
buttons, Speed, the boundary, the curves and the network drawing all show
without scrolling, in a font big enough for the back of a room, with the
sidebar collapsed. A view option like hide=: kept in the link, never a
setting of the model (it is not in settings.SETTINGS, the JSON or the export)."""
from __future__ import annotations

from ..settings import written

KEY = "present"
ON, OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
# Heights that fit 720 px under the run buttons and the counters (see tests/test_present.py)
CHART_HEIGHT = 330
NETWORK_HEIGHT = 440
CSS = """
<style>
html { font-size: 20px; }
.js-plotly-plot g[class$="tick"] text, .js-plotly-plot .g-xtitle text { font-size: 14px !important; }
.js-plotly-plot .gtitle, .js-plotly-plot .annotation-text { font-size: 17px !important; }
@media (max-width: 1200px) { html { font-size: 17px; } }  /* a 1024-px projector: the run row still fits */
div[data-testid="stMainBlockContainer"] { padding: 3.4rem 1rem 1rem 1rem; }
div[data-testid="stMainBlockContainer"] h3 { font-size: 1.3rem; padding: 0 0 0.2rem 0; }
.pg-counter p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }  /* one line: the charts stay in view */
</style>
"""


def wanted(query: dict) -> tuple[bool, list[str]]:
    """Whether a link asks for presentation mode, and a notice for a value that means nothing."""
    raw = query.get(KEY)
    raw = raw[0] if isinstance(raw, list) and raw else raw
    if raw is None:
        return False, []
    text = str(raw).strip().lower()
    if text in ON or text in OFF:
        return text in ON, []
    return False, [f"ignored {KEY}={written(raw)}: write {KEY}=1 for presentation mode, or leave it out"]


def start(s, query: dict) -> bool:
    """Read the mode from the session's first link (notices go with the link's
    others); afterwards the session keeps it. Returns whether it is on."""
    if s.present is None:
        s.present, notices = wanted(query)
        s.notices = s.notices + notices
        if s.present:
            s.chart_height, s.network_height = CHART_HEIGHT, NETWORK_HEIGHT
    return s.present
