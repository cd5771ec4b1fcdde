#!/usr/bin/env python3
"""Generates the real PDF, DOCX, ZIP, PNG and text files that the tests of
crates/extract read (crates/extract/tests/fixtures/).

The files are made by the libraries that people's tools use, not written by
hand, so that the extractor meets the structures it meets in real uploads:
reportlab's page layout and font encodings, python-docx's package parts.

    python3 -m venv /tmp/extract-venv
    /tmp/extract-venv/bin/pip install reportlab python-docx
    /tmp/extract-venv/bin/python scripts/data/make_extract_fixtures.py

The output is deterministic (reportlab's invariant mode, fixed zip times) so
that running it again changes no committed byte unless a library changed.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

OUT = Path(__file__).resolve().parents[2] / "crates" / "extract" / "tests" / "fixtures"

TITLE = "Call for inputs: WSIS+20 review"
PAGE1 = [
    "E-health and telemedicine connect rural clinics to specialists in distant hospitals.",
    "Community health workers in Côte d’Ivoire use tablets to share patient records "
    "even where the mobile signal is weak.",
]
PAGE2_HEADING = "Gender equality in digital skills"
PAGE2 = [
    "Women and girls need equal access to training in coding and data literacy.",
    "Mentoring programmes keep young women in technical careers.",
]
TABLE = [
    ("Action line", "Initiative"),
    ("C7 E-health", "Telemedicine for rural clinics"),
    ("C4 Capacity building", "Digital skills for women"),
]


def make_pdf(path: Path) -> None:
    """Two pages laid out by reportlab's platypus, like a generated report."""
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title="WSIS+20 input",
        author="wsis-hub tests",
        invariant=1,
    )
    story = [Paragraph(TITLE, styles["Title"])]
    for text in PAGE1:
        story += [Paragraph(text, styles["BodyText"]), Spacer(1, 6)]
    story.append(PageBreak())
    story.append(Paragraph(PAGE2_HEADING, styles["Heading1"]))
    for text in PAGE2:
        story += [Paragraph(text, styles["BodyText"]), Spacer(1, 6)]
    doc.build(story)


def make_scanned_pdf(path: Path) -> None:
    """A page with only a drawing and no text layer, as a scan has."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFillColorRGB(0.8, 0.8, 0.8)
    c.rect(72, 400, 450, 300, fill=1, stroke=1)
    c.showPage()
    c.save()


def make_encrypted_pdf(path: Path) -> None:
    """Text behind a user password that the uploader did not give us."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt="wsis-secret")
    c.drawString(72, 750, "This input is protected by a password.")
    c.showPage()
    c.save()


def make_docx(path: Path) -> None:
    """Paragraphs, a heading, a line break, a tab and a table, by python-docx."""
    d = docx.Document()
    d.add_heading(TITLE, level=1)
    for text in PAGE1:
        d.add_paragraph(text)
    p = d.add_paragraph("Contact:")
    run = p.add_run()
    run.add_tab()
    run.add_text("WSIS secretariat")
    run.add_break()
    run.add_text("Geneva")
    d.add_heading(PAGE2_HEADING, level=2)
    for text in PAGE2:
        d.add_paragraph(text)
    table = d.add_table(rows=len(TABLE), cols=2)
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    d.add_paragraph("Submitted by a multistakeholder coalition.")
    # python-docx stamps the current time into docProps/core.xml; a fixed
    # time keeps the committed file stable across runs.
    import datetime

    fixed = datetime.datetime(2026, 1, 1, 0, 0, 0)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.last_printed = fixed
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(restamp_zip(buf.getvalue()))


def restamp_zip(data: bytes) -> bytes:
    """Rewrites a zip with fixed entry times (same names, order and data)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def make_not_docx_zip(path: Path) -> None:
    """A real zip archive that is not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [
            ("readme.txt", "Annexes to our input.\n"),
            ("data/figures.csv", "country,clinics\nCôte d’Ivoire,12\n"),
        ]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    path.write_bytes(out.getvalue())


def make_png(path: Path) -> None:
    """A valid 4×4 RGB PNG, chunk by chunk as the PNG spec lays it out."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    width = height = 4
    rows = b"".join(b"\x00" + bytes([0, 120, 200]) * width for _ in range(height))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)


def make_text(path: Path) -> None:
    """UTF-8 with a BOM and Windows line ends, as Notepad saves it."""
    body = "\r\n".join(
        [TITLE, "", *PAGE1, "", PAGE2_HEADING, "", *PAGE2]
    ) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    make_pdf(OUT / "input.pdf")
    make_scanned_pdf(OUT / "scanned.pdf")
    make_encrypted_pdf(OUT / "encrypted.pdf")
    make_docx(OUT / "input.docx")
    make_not_docx_zip(OUT / "not-docx.zip")
    make_png(OUT / "image.png")
    make_text(OUT / "input.txt")
    print(f"reportlab {reportlab.Version}, python-docx {docx.__version__ if hasattr(docx, '__version__') else '?'}")
    for f in sorted(OUT.iterdir()):
        print(f"{f.name}: {f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
