"""Roster writers: CSV as Excel writes it (UTF-8 with BOM, CRLF) and xlsx through openpyxl's
write-only mode. Both are byte-for-byte reproducible: the xlsx zip entries get a fixed time and
the document properties a fixed stamp instead of the clock."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from seeds.rosters import Row

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Row]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Row], stamp: datetime) -> int:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "fupin seeds"
    sheet = workbook.create_sheet(path.stem[:31])
    sheet.append(list(headers))
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_reproducible(buffer.getvalue(), stamp))
    return count


def _reproducible(data: bytes, stamp: datetime) -> bytes:
    """Rewrites the zip with fixed entry times and fixed created/modified properties."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>" + when + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
