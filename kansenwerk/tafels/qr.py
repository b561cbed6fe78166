"""QR codes for the table hosts' links, with segno (pure Python, no dependencies).

SVG for print (sharp at any size in the PDF), PNG where an image file is wanted.
Error correction "M" survives a coffee ring on a card without making the code dense.
"""

from __future__ import annotations

import io

import segno


def qr_svg_data_uri(url: str, *, scale: int = 4) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=scale, border=2)


def qr_png(url: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
