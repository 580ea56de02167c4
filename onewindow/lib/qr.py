"""QR codes as SVG (inline markup or a data URI) with segno.

SVG stays sharp at any print resolution and WeasyPrint draws it as vectors. Error
correction M (15%) is the usual choice for printed paper that may be creased or
stamped over; segno raises it further when that costs no extra size (boost_error).
"""

import segno

ERROR = "m"


def make(text: str) -> segno.QRCode:
    """The QR code for `text`: the smallest version that holds it at level M or better."""
    return segno.make(text, error=ERROR, micro=False)


def qr_svg(text: str, *, scale: int = 4, border: int = 4, dark: str = "#000") -> str:
    """Inline <svg> markup for HTML pages. `border` is the quiet zone in modules: the
    standard asks for 4, and scanners fail without it when the code sits near text."""
    return make(text).svg_inline(scale=scale, border=border, dark=dark, omitsize=False)


def qr_data_uri(text: str, *, scale: int = 4, border: int = 4, dark: str = "#000") -> str:
    """A data: URI of the SVG, for <img src> in pages and PDFs (sized with CSS)."""
    return make(text).svg_data_uri(scale=scale, border=border, dark=dark)
