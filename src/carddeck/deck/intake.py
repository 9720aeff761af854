"""Reading lead files as they really come: any of the usual encodings and delimiters, a
preamble before the header, a report footer after the data, duplicate header names.

Rows stream one at a time, so a 100,000-row file takes no more memory than a small one.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any, BinaryIO, NamedTuple

from carddeck.deck.mapping import field_for
from carddeck.errors import InvalidInput

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # fields far larger than the 128 KiB default

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_FOOTER = re.compile(
    r"^\s*(grand totals?|totals?\b|confidential|copyright|©|generated|report\b|count\b)", re.I
)
_SAMPLE_ROWS = 40


@dataclass
class Problem:
    """Something wrong with one place in the file."""

    message: str
    line: int | None = None
    column: str | None = None

    def where(self, path: str) -> str:
        place = path
        if self.line is not None:
            place += f":{self.line}"
        if self.column:
            place += f": column {self.column!r}"
        return f"{place}: {self.message}"


@dataclass
class Layout:
    """What was found out about a file before its rows are read."""

    encoding: str
    encoding_label: str
    delimiter: str
    header: list[str]
    header_line: int
    preamble: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    detected: bool = False  # the encoding was detected: the owner is told what was assumed


class CountingReader(io.RawIOBase):
    """Counts the bytes read through it, for a progress bar."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        position = self.raw.seek(offset, whence)
        self.count = position  # a rewind starts the count again
        return position

    def tell(self) -> int:
        return self.raw.tell()

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


_NO_BOM = {"utf-16": "utf-16-le or utf-16-be", "utf-32": "utf-32-le or utf-32-be"}


def _decodes(raw: BinaryIO, codec: str) -> int | None:
    """Where the file first fails to decode as ``codec`` (a byte offset), or None if the
    whole of it decodes. Read a megabyte at a time: any size, little memory."""
    decoder = codecs.getincrementaldecoder(codec)()
    done = 0
    try:
        while chunk := raw.read(1 << 20):
            decoder.decode(chunk)
            done += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as err:
        return done + max(0, err.start)
    except UnicodeError:
        return done  # a codec that cannot decode at all (idna, punycode on bad input)
    finally:
        raw.seek(0)
    return None


def _line_at(raw: BinaryIO, offset: int) -> int:
    """The line number of a byte offset (counting newlines before it)."""
    head = raw.read(offset)
    raw.seek(0)
    return head.count(b"\n") + 1


#: Windows-1252 as Windows itself reads it: the five bytes the standard leaves undefined
#: (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as the control characters of the same number,
#: which carddeck drops from every field, instead of failing the whole file.
LENIENT_CP1252 = "carddeck_cp1252"
_UNDEFINED_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _lenient_cp1252(name: str) -> codecs.CodecInfo | None:
    if name != LENIENT_CP1252:
        return None
    import encodings.cp1252 as standard

    table = "".join(
        chr(byte) if char == "\ufffe" else char for byte, char in enumerate(standard.decoding_table)
    )

    def decode(data: Any, errors: str = "strict") -> tuple[str, int]:
        return codecs.charmap_decode(data, errors, table)

    class Decoder(codecs.IncrementalDecoder):
        def decode(self, data: Any, final: bool = False) -> str:
            return codecs.charmap_decode(data, self.errors, table)[0]

    return codecs.CodecInfo(
        name=LENIENT_CP1252, encode=standard.Codec().encode, decode=decode,
        incrementalencoder=standard.IncrementalEncoder, incrementaldecoder=Decoder,
    )  # fmt: skip


codecs.register(_lenient_cp1252)


def _undefined_cp1252(raw: BinaryIO) -> int:
    """How many bytes of the file Windows-1252 leaves undefined."""
    found = 0
    try:
        while chunk := raw.read(1 << 20):
            found += sum(chunk.count(byte) for byte in _UNDEFINED_CP1252)
    finally:
        raw.seek(0)
    return found


def _size(raw: BinaryIO) -> int:
    end = raw.seek(0, io.SEEK_END)
    raw.seek(0)
    return end


#: A character of two to four bytes as UTF-8 writes it: in a file of Windows-1252 (where
#: "ü" is one byte, followed by a letter) these pairs hardly ever occur by chance.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")  # fmt: skip
_ASCII = bytes(range(0x80))
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def _mostly_utf8(raw: BinaryIO) -> bool:
    """Whether a file that is not all UTF-8 is UTF-8 but for a few stray bytes: most of its
    bytes past ASCII make UTF-8 characters. Read as Windows-1252 it would turn every
    "ü" into "Ã¼"; the owner is told which line to mend instead."""
    characters = beyond = 0
    head = raw.read(1 << 16)
    raw.seek(0)
    if len(_CONTROL_BYTES.findall(head)) > max(8, len(head) // 100):
        return False  # bytes, not text (an archive, random bytes): read_layout says so
    try:
        while chunk := raw.read(1 << 20):
            beyond += len(chunk.translate(None, _ASCII))
            characters += sum(len(found) for found in _UTF8_SEQUENCE.findall(chunk))
    finally:
        raw.seek(0)
    return characters > 0 and characters * 2 >= beyond


def _stray_bytes(raw: BinaryIO, offset: int) -> str:
    """The line naming the first byte of a UTF-8 file that is not UTF-8."""
    raw.seek(offset)
    byte = raw.read(1)
    raw.seek(0)
    return (f"line {_line_at(raw, offset)} is not UTF-8 (byte 0x{byte.hex().upper()}), though "
            "the rest of the file is: mend that line, or give --encoding if the whole file "
            "is in another one")  # fmt: skip


class Encoding(NamedTuple):
    """How a file is read: the Python codec, what to tell the owner, and whether it was
    detected (neither UTF-8 nor Windows-1252 nor marked): then the owner is told so."""

    codec: str
    label: str
    detected: bool = False


def _guess(raw: BinaryIO) -> tuple[str, bool] | None:
    """(codec, whether it takes several bytes a character) charset-normalizer makes of a
    file that is neither UTF-8 nor Windows-1252 (loaded only now), if the whole file
    decodes in it."""
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    sample = raw.read(1 << 20)
    raw.seek(0)
    best = from_bytes(sample).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    if _decodes(raw, name) is not None:
        return None
    return name, is_multi_byte_encoding(best.encoding)


def _detected(name: str) -> Encoding:
    return Encoding(name, f"{name} (detected: neither UTF-8 nor Windows-1252)", True)


def _has_nul(raw: BinaryIO) -> bool:
    """Whether the start of the file holds a NUL byte: no text in an 8-bit encoding does,
    but UTF-16 without a byte-order mark is full of them."""
    head = raw.read(1 << 16)
    raw.seek(0)
    return b"\x00" in head


def detect_encoding(raw: BinaryIO, forced: str | None = None) -> Encoding:
    """How to read the file. BOMs first; else UTF-8 if the whole file decodes as UTF-8
    (a UTF-8 file but for a few stray bytes is refused, naming the line: read as anything
    else its every accented letter would be garbled), else Windows-1252 (Excel's plain
    CSV) if it decodes as that, else what
    charset-normalizer makes of it (Shift-JIS, UTF-16 without a BOM...), else Latin-1
    (every byte is a character there). A file with a few of the bytes Windows-1252 leaves
    undefined is Excel's all the same unless it reads as a multi-byte encoding (where
    those bytes begin characters). A forced encoding must be a text encoding the whole
    file decodes in."""
    head = raw.read(4)
    raw.seek(0)
    if forced:
        try:
            info = codecs.lookup(forced)
        except LookupError:
            raise InvalidInput(f"unknown encoding {forced!r}") from None
        if not getattr(info, "_is_text_encoding", True):
            raise InvalidInput(f"{forced!r} is not a text encoding (try utf-8 or cp1252)")
        name = info.name
        bom = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                               codecs.BOM_UTF32_BE))  # fmt: skip
        if name in _NO_BOM and not bom:
            raise InvalidInput(
                f"the file has no byte-order mark to say which {name}: give --encoding "
                f"{_NO_BOM[name]}"
            )
        if name == "cp1252":
            name = LENIENT_CP1252  # as Windows reads it: undefined bytes are no error
        chosen = Encoding(name, f"{info.name} (as asked)")
    elif head.startswith(codecs.BOM_UTF8):
        chosen = Encoding("utf-8-sig", "UTF-8 with a BOM (Excel)")
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        chosen = Encoding("utf-32", "UTF-32 with a BOM")
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        chosen = Encoding("utf-16", "UTF-16 with a BOM")
    elif _has_nul(raw) and (guess := _guess(raw)) is not None:
        if codecs.lookup(guess[0]).name in ("utf-8", "ascii") and _decodes(raw, "utf-8") is None:
            # UTF-8 text with a stray NUL (dropped with the other controls, as in any file)
            return Encoding("utf-8", "UTF-8")
        return _detected(guess[0])
    elif (stray := _decodes(raw, "utf-8")) is None:
        return Encoding("utf-8", "UTF-8")
    elif _mostly_utf8(raw):
        raise InvalidInput(_stray_bytes(raw, stray))
    elif _decodes(raw, "cp1252") is None:
        return Encoding("cp1252", "Windows-1252 (not UTF-8: read as Excel's plain CSV)")
    else:
        odd = _undefined_cp1252(raw)
        guess = _guess(raw)
        if guess is not None and guess[1]:
            return _detected(guess[0])
        if odd <= max(3, _size(raw) // 10_000):
            return Encoding(LENIENT_CP1252, (
                f"Windows-1252 (not UTF-8: read as Excel's plain CSV; {odd} "
                f"byte{'s' if odd != 1 else ''} Windows-1252 leaves undefined dropped)"
            ))  # fmt: skip
        return _detected(guess[0] if guess is not None else "latin-1")
    bad = _decodes(raw, chosen.codec)
    if bad is not None:
        raise InvalidInput(
            f"line {_line_at(raw, bad)}: the file is not valid {chosen.label.split(' (')[0]} "
            f"(byte {bad}); give the right --encoding"
            + ("" if forced else " (it may be cut short)")
        )
    return chosen


def _sample(raw: BinaryIO, encoding: str) -> list[str]:
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    lines = []
    for line in text:
        lines.append(line)
        if len(lines) >= _SAMPLE_ROWS * 2:
            break
    text.detach()
    raw.seek(0)
    return lines


def sniff_delimiter(lines: list[str]) -> str:
    """Comma, semicolon or tab: the one that splits the most rows into the same number of
    fields (the stdlib sniffer alone guesses wrong on short or quoted samples)."""
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        widths = [
            len(r) for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)
        ]
        if not widths:
            continue
        width, often = Counter(widths).most_common(1)[0]
        score = (often if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _is_header(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return len(cells) >= 2 and any(field_for(c) for c in cells)


def _named(header: list[str]) -> tuple[list[str], list[str]]:
    """Blank names get "Column N"; repeated names get " (2)", " (3)": never collapsed."""
    seen: Counter[str] = Counter()
    out, renamed = [], []
    for index, name in enumerate(header, start=1):
        name = name.strip().lstrip("\ufeff") or f"Column {index}"
        seen[name.lower()] += 1
        if seen[name.lower()] > 1:
            new = f"{name} ({seen[name.lower()]})"
            renamed.append(f"column {index} {name!r} appears again: read as {new!r}")
            name = new
        out.append(name)
    return out, renamed


#: What a file of bytes no text holds is (random bytes, an archive, a spreadsheet's own).
NOT_TEXT = ("does not look like a CSV, vCard or JSON lead file: it holds bytes no text file "
            "has (a spreadsheet's own file? save it as CSV first)")  # fmt: skip
#: Characters no text file holds: control characters (but tab, line ends and form feed),
#: and what a decoder puts where it found no character.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _binary(lines: list[str]) -> bool:
    """Whether the start of the file is bytes rather than text: more than a few characters
    no text holds (a stray one in a lead file from a form is kept, and said per row)."""
    sample = "".join(lines)[: 1 << 16]
    odd = len(_NOT_TEXT.findall(sample))
    return odd > max(8, len(sample) // 100)


def read_layout(raw: BinaryIO, *, delimiter: str | None, encoding: str | None) -> Layout:
    codec, label, detected = detect_encoding(raw, encoding)
    lines = _sample(raw, codec)
    if delimiter is not None:
        delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(
            delimiter, delimiter
        )
        if len(delimiter) != 1:
            raise InvalidInput(f"a delimiter is one character (or 'tab'), not {delimiter!r}")
    if _binary(lines):
        raise InvalidInput(NOT_TEXT)
    chosen = delimiter or sniff_delimiter(lines)
    rows = list(csv.reader(lines, delimiter=chosen))
    found = next((i for i, row in enumerate(rows[:_SAMPLE_ROWS]) if _is_header(row)), None)
    if found is None:
        found = next((i for i, row in enumerate(rows) if len([c for c in row if c.strip()]) > 1), 0)
    if not rows:
        raise InvalidInput("the file is empty")
    if any(("\n" in cell or "\r" in cell) and chosen in cell for cell in rows[found]):
        raise InvalidInput(f"line {found + 1}: a quote in the header is not closed where its "
                           "column's name ends: it takes the lines after it in as one name "
                           "(the file holds no leads as it is)")  # fmt: skip
    header, renamed = _named(rows[found])
    preamble = [",".join(r).strip() for r in rows[:found] if any(c.strip() for c in r)]
    return Layout(codec, label, chosen, header, found, preamble, renamed, detected=detected)


def _filled(row: list[str]) -> int:
    """How many cells of the row hold something: 0, 1, or 2 for two or more (all that is
    asked; most rows answer at their second cell)."""
    found = 0
    for cell in row:
        if cell.strip():
            found += 1
            if found == 2:
                return 2
    return found


def read_rows(raw: BinaryIO, layout: Layout) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {header: value}) for each data row; a footer goes to ``layout.footer``."""
    for line, cells in read_cells(raw, layout):
        yield line, as_dict(layout.header, cells)


def may_be_footer(row: list[str], width: int) -> bool:
    """Whether a row may be a report's footer rather than data: blank, one cell filled of a
    wide row, or a first cell such as "Total" (it is data only if data follows it)."""
    filled = 2 if len(row) > 1 and row[0].strip() and row[1].strip() else _filled(row)
    return filled == 0 or (width > 2 and filled == 1) or bool(_FOOTER.match(row[0]))


def footer_lines(held: list[tuple[int, list[str]]]) -> list[str]:
    """The rows held to the end (``may_be_footer``), as the report names the footer."""
    return [f"line {n}: {' '.join(c for c in row if c.strip())}" for n, row in held if any(row)]


def _rows_after_header(raw: BinaryIO, layout: Layout) -> tuple[IO[str], Any]:
    """The file's text, and a csv reader of it that has read the header (and anything
    before it)."""
    text: IO[str] = io.TextIOWrapper(raw, encoding=layout.encoding, newline="")
    reader = csv.reader(text, delimiter=layout.delimiter)
    for _ in range(layout.header_line + 1):
        next(reader, None)
    return text, reader


def read_cells(raw: BinaryIO, layout: Layout) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each data row, as ``read_rows`` (whose dicts ``as_dict``
    makes of them: a row handed to another process goes lighter as a list)."""
    _, reader = _rows_after_header(raw, layout)
    width = len(layout.header)
    held: list[tuple[int, list[str]]] = []  # blank or one-cell rows: data, or a footer?
    last = reader.line_num
    for row in reader:
        line, last = last + 1, reader.line_num
        if may_be_footer(row, width):
            held.append((line, row))
            continue
        for held_line, held_row in held:
            if any(c.strip() for c in held_row):
                yield held_line, held_row
        held.clear()
        yield line, row
    layout.footer = footer_lines(held)


class Block(NamedTuple):
    """Whole rows of a CSV file as its text: ``start`` is the number of lines before them."""

    start: int
    text: str


@dataclass
class Blocks:
    """A CSV file's data rows as blocks of text (``read_blocks``), for another process to
    read the cells of: text crosses between processes at a fraction of the cost of cells.
    ``layout.footer`` is for the reader of the blocks to fill."""

    layout: Layout
    items: Iterator[Block]


def read_blocks(raw: BinaryIO, layout: Layout, size: int) -> Blocks:
    """The data rows after the header in blocks of about ``size`` lines, each ending where
    a row ends."""
    return Blocks(layout, _blocks(raw, layout, max(1, size)))


def _blocks(raw: BinaryIO, layout: Layout, size: int) -> Iterator[Block]:
    text, reader = _rows_after_header(raw, layout)
    start = reader.line_num
    while lines := list(islice(text, size)):
        # A line end is a row's end unless it is inside quotes: a block without a quote
        # ends where its lines do; one with quotes is read as CSV to find its last row's end.
        block = "".join(lines)
        if '"' in block:
            lines = _to_row_end(lines, text, layout.delimiter)
            block = "".join(lines)
        yield Block(start, block)
        start += len(lines)


def _to_row_end(lines: list[str], text: IO[str], delimiter: str) -> list[str]:
    """``lines``, and as many of the lines after them as their last row goes on into."""
    taken = list(lines)

    def source() -> Iterator[str]:
        yield from lines
        for more in text:  # only while a quoted cell is open past the block
            taken.append(more)
            yield more

    reader = csv.reader(source(), delimiter=delimiter)
    for _ in reader:
        if reader.line_num >= len(lines):
            break
    return taken


def as_dict(header: list[str], row: list[str]) -> dict[str, str]:
    """A row's cells by the header's names; a cell beyond the header as "Column N"."""
    values = dict(zip(header, row, strict=False))
    for index in range(len(header), len(row)):
        if row[index].strip():
            values[f"Column {index + 1}"] = row[index]
    return values


def digest(raw: BinaryIO) -> str:
    """The SHA-256 of the rest of ``raw`` (hex), read in chunks; ``raw`` is left at its end:
    a drop folder knows by it the bytes imported before."""
    hashed = hashlib.sha256()
    while chunk := raw.read(1 << 20):
        hashed.update(chunk)
    return hashed.hexdigest()
