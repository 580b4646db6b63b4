"""Reading a PDF back as a person would see it: page 1 rendered to an image with PDFium
(pypdfium2, no system tools) and its text extracted."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image


@dataclass
class Page:
    count: int  # pages in the document
    image: Image.Image  # page 1
    text: str  # page 1


def first_page(pdf: bytes, scale: float = 1.5) -> Page:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=scale).to_pil().convert("RGB")
        text_page = page.get_textpage()
        text = text_page.get_text_range()
        text_page.close()
        page.close()
        return Page(len(document), image, text)
    finally:
        document.close()


def inked_share(image: Image.Image) -> float:
    """The share of pixels that are not (near) white."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:240]) / (grey.width * grey.height)


def has_colour(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12) -> bool:
    colours = image.getcolors(maxcolors=1 << 24) or []
    return any(
        all(abs(a - b) <= tolerance for a, b in zip(colour, rgb, strict=True))
        for _, colour in colours
    )
