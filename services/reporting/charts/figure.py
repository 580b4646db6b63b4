"""How every chart is drawn: matplotlib's object API (a ``Figure`` per chart, no pyplot and
no GUI backend), rendered to SVG or PNG bytes.

The SVG is deterministic: the same data gives the same bytes (a fixed hash salt for the
ids matplotlib generates, no creation date), so tests and the images in the docs are
stable. Text stays text (``svg.fonttype: none``): smaller files, searchable labels.

matplotlib keeps process-wide state (rcParams, font caches) that is not safe to use from
two threads at once, so charts are drawn one at a time, in a worker thread, off the event
loop: :func:`render_svg` and :func:`render_png` take care of both.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

import matplotlib
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

SVG_MEDIA_TYPE = "image/svg+xml"
RAG_COLOURS = {"red": "#d62728", "amber": "#f0a202", "green": "#2ca02c"}
STYLE: dict[str, Any] = {
    "svg.hashsalt": "pmo-reporting",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8.0,
    "axes.titlesize": 10.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
SVG_METADATA = {"Date": None, "Creator": "PMO reporting"}
_DRAWING = threading.Lock()

Draw = Callable[[], Figure]


@contextmanager
def _style() -> Iterator[None]:
    # rc_context's stub takes only its literal key names; STYLE holds valid ones.
    with _DRAWING, matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        yield


def day_number(moment: date | datetime) -> float:
    """matplotlib's number for a day or a moment (what its date axes plot)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    return float(mdates.date2num(moment))


def svg_of(draw: Draw) -> bytes:
    """Draws the figure (under the shared style) and writes it as SVG."""
    with _style():
        figure = draw()
        FigureCanvasSVG(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return buffer.getvalue()


def png_of(draw: Draw, dpi: int = 150) -> bytes:
    with _style():
        figure = draw()
        FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


async def render_svg(draw: Draw) -> bytes:
    return await asyncio.to_thread(svg_of, draw)


async def render_png(draw: Draw, dpi: int = 150) -> bytes:
    return await asyncio.to_thread(png_of, draw, dpi)
