"""HTML to PDF bytes with WeasyPrint.

Fonts come from the system through fontconfig: the Debian package fonts-noto-cjk
installs Noto Serif CJK SC and Noto Sans CJK SC, and no font file is kept in the
repository. Every document gets BASE_CSS as a user stylesheet (A4 page, the CJK
font stack): defaults that the document's own styles override, so a template that
forgets to name a font still draws Chinese instead of empty boxes. WeasyPrint
embeds only the glyphs used (a subset); each embedded face costs about 0.1 s of
subsetting, so a document should stay with one family in two weights.
"""

import threading

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# Serif first: official documents are set in a Song/Ming face; the sans face is the
# fallback for glyphs the serif face lacks, then whatever fontconfig offers.
CJK_SERIF = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
CJK_SANS = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'

BASE_CSS = f"""
@page {{ size: A4; margin: 25mm 24mm 22mm 26mm; }}
html {{ font-family: {CJK_SERIF}; font-size: 12pt; line-height: 1.6; color: #000; }}
"""

# By default a document may embed only data: URIs (QR codes, inline images). Rendering
# runs inside requests, and a fetcher that follows any URL would let text that reached
# a template read local files or probe the internal network.
DATA_ONLY = ("data",)

_local = threading.local()


def _base() -> tuple[FontConfiguration, CSS]:
    """One font configuration and parsed base sheet per thread: building them costs
    time on every call, and WeasyPrint's font objects are not meant to be shared
    between threads (gthread workers render concurrently)."""
    cached = getattr(_local, "base", None)
    if cached is None:
        font_config = FontConfiguration()
        cached = _local.base = (font_config, CSS(string=BASE_CSS, font_config=font_config))
    return cached


def html_to_pdf(
    html: str,
    *,
    base_url: str | None = None,
    stylesheets=(),
    allowed_protocols: tuple[str, ...] = DATA_ONLY,
) -> bytes:
    """Renders an HTML document (with its own <style>) to PDF bytes.

    `stylesheets` are extra CSS strings, applied like BASE_CSS as defaults under the
    document's own styles. `base_url` and `allowed_protocols` (e.g. ("data", "file"))
    are for documents that link static files; notices need neither.
    """
    font_config, base = _base()
    sheets = [base, *(CSS(string=s, font_config=font_config) for s in stylesheets)]
    fetcher = URLFetcher(allowed_protocols=allowed_protocols)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=font_config)
