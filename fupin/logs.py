"""Logging that never writes identity or phone numbers: every record passes a redacting filter."""

from __future__ import annotations

import logging
import re

# 18-digit identity numbers (last may be X), the 20/22-digit ones, and 11-digit mobile numbers.
_PERSONAL = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{20}|\d{22}|1[3-9]\d{9})(?!\d)")


def redact(text: str) -> str:
    return _PERSONAL.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 3), text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactPersonalData())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
