"""Source text: from raw bytes to decoded text, with the problems that stop a file from being read.

Pure: the CLI reads the bytes; this module only judges them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from migrate import codes
from migrate.findings import Code, Position

# A Go/Helm template action on a line that is not a comment.
_TEMPLATE_ACTION = re.compile(r"\{\{.*?\}\}")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class SourceFile:
    """One input: its display path (relative to the input root, `/`-separated) and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class TextProblem:
    code: Code
    message: str
    pos: Position | None


def decode(data: bytes) -> str | TextProblem:
    """Decode a manifest, honouring a byte-order mark as YAML does; refuse binary data."""
    bom, encoding = byte_order_mark(data)
    if bom:
        try:
            return data[len(bom) :].decode(encoding)
        except UnicodeDecodeError as exc:
            return _undecodable(data, exc.start, encoding)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return TextProblem(
            codes.BINARY_FILE,
            "binary data (a NUL byte), not a YAML or JSON manifest; remove it from the input",
            _byte_position(data, offset),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _undecodable(data, exc.start, "utf-8")


def byte_order_mark(data: bytes) -> tuple[bytes, str]:
    """The byte-order mark `data` starts with and the encoding it names; without one, UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    return b"", "utf-8"


def template_action(text: str) -> Position | None:
    """The first Go template action (`{{ ... }}`) outside a comment, if any."""
    if "{{" not in text:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if "{{" not in line or line.lstrip().startswith("#"):
            continue
        match = _TEMPLATE_ACTION.search(line)
        if match:
            return Position(number, match.start() + 1)
    return None


def _undecodable(data: bytes, offset: int, encoding: str) -> TextProblem:
    return TextProblem(
        codes.NOT_UTF8,
        f"not valid {encoding.upper()} text (byte 0x{data[offset]:02x}); re-save the file as UTF-8",
        _byte_position(data, offset),
    )


def _byte_position(data: bytes, offset: int) -> Position:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return Position(data.count(b"\n", 0, offset) + 1, offset - line_start + 1)
