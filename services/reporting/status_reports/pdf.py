"""The one-page status report as PDF, drawn with reportlab's platypus from a
:class:`StatusReport` (no I/O). Everything is laid out in one frame that shrinks its
content to fit, so the report is one page whatever the project holds.

Text is set in DejaVu Sans (the TrueType font matplotlib ships, embedded as a subset), so
names in any script print, and the PDF's text can be searched and extracted. User text is
escaped before it reaches platypus' paragraph markup."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Frame,
    Image,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from services.reporting.charts.figure import RAG_COLOURS, png_of
from services.reporting.charts.s_curve import draw_s_curve
from services.reporting.status_reports.model import Milestone, RagLine, StatusReport

PDF_MEDIA_TYPE = "application/pdf"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
pdfmetrics.registerFont(TTFont(FONT, str(_FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont(BOLD, str(_FONTS / "DejaVuSans-Bold.ttf")))

MARGIN = 1.4 * cm
WIDTH = A4[0] - 2 * MARGIN
GRID = colors.HexColor("#d0d0d0")
HEAD = colors.HexColor("#f0f0f0")
BODY = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=9, textColor="#555555")
TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=19)
HEADING = ParagraphStyle("heading", fontName=BOLD, fontSize=10, leading=13, spaceBefore=7)


def _text(value: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(value)), style)


def _rag_word(rag: str | None) -> str:
    return rag.upper() if rag else "NOT RATED"


def _table(rows: list[list[object]], widths: Sequence[float], extra: list | None = None) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def _header(report: StatusReport) -> list[Flowable]:
    badge = Table(
        [[_rag_word(report.overall.rag)]],
        colWidths=[3.2 * cm],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), BOLD, 12),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.white),
                ("BACKGROUND", (0, 0), (-1, -1), _colour(report.overall.rag)),
            ]
        ),
    )
    title = Table(
        [[_text(report.name, TITLE), badge]],
        colWidths=[WIDTH - 3.4 * cm, 3.4 * cm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
    )
    facts = [
        f"Code {report.code}",
        f"Status {report.status}",
        f"Phase {report.phase or '-'}",
        f"Manager {report.manager or '-'}",
        f"As of {report.as_of.isoformat()}",
    ]
    return [title, Spacer(1, 3), _text("  ·  ".join(facts), SMALL)]


def _colour(rag: str | None) -> colors.Color:
    return colors.HexColor(RAG_COLOURS.get(rag or "", "#7f7f7f"))


def _health(report: StatusReport) -> list[Flowable]:
    lines: list[RagLine] = [report.overall, *report.dimensions]
    rows: list[list[object]] = [["Dimension", "RAG", "Reasons"]]
    rows += [
        [line.name, _rag_word(line.rag), _text(" ".join(line.reasons) or "-")] for line in lines
    ]
    colouring = [
        ("BACKGROUND", (1, row), (1, row), _colour(line.rag))
        for row, line in enumerate(lines, start=1)
    ]
    colouring.append(("TEXTCOLOR", (1, 1), (1, -1), colors.white))
    flowables: list[Flowable] = [
        _text("Health", HEADING),
        _table(rows, [3.0 * cm, 2.2 * cm, WIDTH - 5.2 * cm], colouring),
    ]
    if report.health_source:
        flowables.append(_text(report.health_source, SMALL))
    return flowables


def _evm(report: StatusReport) -> list[Flowable]:
    flowables: list[Flowable] = [_text("Earned value", HEADING)]
    if report.evm:
        cells = [[f.label, f.value] for f in report.evm]
        half = (len(cells) + 1) // 2
        left, right = cells[:half], cells[half:] + [["", ""]] * (2 * half - len(cells))
        rows: list[list[object]] = [["Measure", "Value", "Measure", "Value"]]
        rows += [[*a, *b] for a, b in zip(left, right, strict=True)]
        quarter = WIDTH / 4
        align = [("ALIGN", (1, 1), (1, -1), "RIGHT"), ("ALIGN", (3, 1), (3, -1), "RIGHT")]
        flowables.append(_table(rows, [quarter] * 4, align))
    if report.evm_note or not report.evm:
        flowables.append(_text(report.evm_note or "No earned value figures.", SMALL))
    return flowables


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else "-"


def _milestone_rows(kind: str, milestones: Sequence[Milestone]) -> list[list[object]]:
    return [
        [kind, _text(m.name), _day(m.baseline), _day(m.forecast), f"{m.percent_complete:.0f}%"]
        for m in milestones
    ]


def _milestones(report: StatusReport) -> list[Flowable]:
    rows: list[list[object]] = [["", "Milestone", "Baseline", "Forecast", "Complete"]]
    rows += _milestone_rows("Overdue", report.overdue_milestones)
    rows += _milestone_rows("Next", report.next_milestones)
    if len(rows) == 1:
        return [_text("Milestones", HEADING), _text("No open milestones.", SMALL)]
    overdue = len(report.overdue_milestones)
    red = [("TEXTCOLOR", (0, 1), (0, overdue), _colour("red"))] if overdue else []
    widths = [2.0 * cm, WIDTH - 9.2 * cm, 2.6 * cm, 2.6 * cm, 2.0 * cm]
    return [_text("Milestones", HEADING), _table(rows, widths, red)]


def _risks(report: StatusReport) -> list[Flowable]:
    if not report.risks:
        return [_text("Top risks", HEADING), _text("No open risks.", SMALL)]
    rows: list[list[object]] = [["Risk", "P", "I", "Score", "Owner", "Response"]]
    rows += [
        [_text(r.title), r.probability, r.impact, r.score, _text(r.owner or "-"), r.response or "-"]
        for r in report.risks
    ]
    widths = [WIDTH - 10.4 * cm, 1.0 * cm, 1.0 * cm, 1.4 * cm, 4.0 * cm, 3.0 * cm]
    return [_text("Top risks", HEADING), _table(rows, widths)]


def _narrative(report: StatusReport) -> list[Flowable]:
    update = report.narrative
    if update is None:
        return [_text("Latest status update", HEADING), _text("No status update yet.", SMALL)]
    heading = f"Latest status update ({update.as_of.isoformat()}, {update.author})"
    return [_text(heading, HEADING), _text(update.text or "-")]


def _curve(report: StatusReport) -> list[Flowable]:
    curve = report.curve
    if curve is None:
        return []
    # Drawn by matplotlib as a picture at print resolution, sized to the page's width.
    png = png_of(lambda: draw_s_curve(curve, width=9.0, height=3.4), dpi=200)
    pixels_wide, pixels_high = ImageReader(io.BytesIO(png)).getSize()
    height = WIDTH * pixels_high / pixels_wide
    return [Spacer(1, 6), Image(io.BytesIO(png), width=WIDTH, height=height)]


def render_pdf(report: StatusReport) -> bytes:
    """The report as PDF bytes (CPU-bound: call it in a worker thread); the same report
    gives the same bytes (``invariant``)."""
    story: list[Flowable] = [
        *_header(report),
        *_health(report),
        *_evm(report),
        *_milestones(report),
        *_risks(report),
        *_narrative(report),
        *_curve(report),
    ]
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Status report: {report.code} {report.name}",
        author="PMO reporting",
        invariant=True,
    )
    frame = Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, id="page")
    document.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    # One page whatever the content: the frame shrinks what does not fit.
    document.build([KeepInFrame(WIDTH, A4[1] - 2 * MARGIN, story, mode="shrink")])
    return buffer.getvalue()
