"""The recovery sheet: one page with the code (read back from the PDF), the
data file it opens, who made it and when, and the plain warning."""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from soberhouse import encryption
from soberhouse.reports.recovery_sheet import (
    TITLE,
    recovery_sheet_bytes,
    write_recovery_sheet,
)

MADE_AT = dt.datetime(2026, 11, 15, 14, 5)


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join((page.extract_text() or "") for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_sheet_holds_the_code_and_what_it_opens(tmp_path: Path) -> None:
    code = encryption.new_recovery_code()
    data_file = tmp_path / "office" / "soberhouse.sqlite3"
    path = write_recovery_sheet(tmp_path / "sheet.pdf", code, data_file=data_file,
                                made_by="Olive Owner (olive)", made_at=MADE_AT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pages, text = text_of(path.read_bytes())
    assert pages == 1
    words = flat(text)
    assert TITLE in words
    # Each group in large type, and the whole code once as it is typed.
    groups = re.findall(r"\b[0-9A-Z]{5}\b", text)
    assert "-".join(groups[:6]) == code
    assert f"As typed: {code}" in words
    assert encryption.normalise_recovery_code("".join(groups[:6])) == code
    assert "soberhouse.sqlite3" in words and str(data_file.parent) in words
    assert "soberhouse.sqlite3.keys" in words
    assert "15 Nov 2026 at 14:05" in words and "Olive Owner (olive)" in words
    assert ("Anyone holding this sheet and the key file can open every record: keep it in "
            "the safe.") in words
    assert "Without this sheet and without any password the data is lost" in words
    assert "Kept at:" in words and "Signed:" in words
    assert "soberhouse recover --user NAME" in words


def test_the_same_sheet_gives_the_same_bytes_and_embeds_its_fonts() -> None:
    code = encryption.new_recovery_code()
    first = recovery_sheet_bytes(code, data_file="soberhouse.sqlite3", made_by="Olive",
                                 made_at=MADE_AT, paper_size="A4", invariant=True)
    again = recovery_sheet_bytes(code, data_file="soberhouse.sqlite3", made_by="Olive",
                                 made_at=MADE_AT, paper_size="A4", invariant=True)
    assert first == again
    reader = PdfReader(io.BytesIO(first))
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595  # A4
    fonts = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("DejaVuSansMono-Bold") for name in fonts)
    assert not any("Helvetica" in name for name in fonts)


def test_a_code_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError):
        recovery_sheet_bytes("12345-ABCDE", data_file="x.sqlite3", made_by="Olive",
                             made_at=MADE_AT)


def test_a_long_path_and_name_still_give_one_page(tmp_path: Path) -> None:
    code = encryption.new_recovery_code()
    deep = tmp_path.joinpath(*[f"folder_of_the_maple_and_cedar_houses_{n}" for n in range(8)])
    pdf = recovery_sheet_bytes(code, data_file=deep / "soberhouse_records_2026.sqlite3",
                               made_by="Zoë Nguyễn (zoe) " * 5, made_at=MADE_AT)
    pages, text = text_of(pdf)
    assert pages == 1
    assert f"As typed: {code}" in flat(text)
    assert "Kept at:" in text and "Zoë Nguyễn" in text
