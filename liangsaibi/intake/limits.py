"""How much work a file may ask for, checked from its shape before its cells are read.

The byte limit alone does not bound the work: a 5 KB workbook can name a cell at XFD1048576 (the reader
then allocates the whole grid), a CSV line of commas asks for millions of columns, a zip part can
unpack to gigabytes. So the declared and the real size of a sheet, the width of every CSV line and
the length of every cell are checked first, cheaply, and a file that asks for more is refused.
"""

import re
import zipfile
from dataclasses import dataclass

import numpy as np

from liangsaibi.intake.sheets import ImportRefused, Problem

SPLIT = "请按街道或季度拆成几个文件，或删去表格外多余的单元格后再导入。"


@dataclass(frozen=True)
class Limits:
    """The bounds of one file's reading (parameters, so that tests can use small bomb files)."""

    max_bytes: int = 50 * 2**20
    max_columns: int = 1000
    max_rows: int = 1_048_576  # Excel's own
    max_cells: int = 12_000_000
    max_cell_chars: int = 5000
    max_line_chars: int = 200_000
    max_unpacked_bytes: int = 1500 * 2**20  # an XLSX's XML parts together, once unzipped
    memory_bytes: int = 2048 * 2**20  # address space the read may add to the process it was forked from
    seconds: float = 60.0


LIMITS = Limits()


def refuse(file_name: str, what: str, fix: str = SPLIT, **where) -> ImportRefused:
    return ImportRefused([Problem(file_name, what, fix, **where)])


def check_csv(file_name: str, data: bytes, limits: Limits) -> None:
    """Refuse a CSV whose lines are too long or too wide before it is parsed (row numbers are physical lines)."""
    octets = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(octets == ord("\n"))
    starts, stops = np.concatenate(([0], ends + 1)), np.concatenate((ends, [len(data)]))
    longest = int(np.argmax(stops - starts))
    if stops[longest] - starts[longest] > limits.max_line_chars * 4:  # UTF-8 takes up to 4 bytes a character
        raise refuse(
            file_name,
            f"长达 {(stops[longest] - starts[longest]) / 2**20:.1f} MB，"
            f"超过每行 {limits.max_line_chars:,} 个字符的上限。",
            row=longest + 1,
        )
    # Only a line of at least max_columns bytes can hold that many commas: those few are counted (counting
    # every line's commas took a fresh reader process 0.3 s of a yearly file, most of it the kernel's, handing
    # it the memory for the positions of 3.6 million commas). A quoted cell may hold commas.
    candidates = np.flatnonzero(stops - starts >= limits.max_columns)
    commas = [data.count(b",", starts[line], stops[line]) for line in candidates]
    if not commas:
        return
    widest = int(np.argmax(commas))
    line = int(candidates[widest])
    if commas[widest] + 1 > limits.max_columns and b'"' not in data[starts[line] : stops[line]]:
        raise refuse(file_name, f"有 {commas[widest] + 1:,} 列，超过 {limits.max_columns:,} 列的上限。", row=line + 1)


_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,4})(\d{1,8})"')
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d{1,8})"')
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="(?:[A-Z]+\d+:)?([A-Z]{1,4})(\d{1,8})"')


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_xlsx(file_name: str, data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose sheets declare or hold more rows, columns or cells than allowed, whose parts
    unzip to too much, or that holds a text longer than a cell may be, before the reader sees it."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = [info for info in archive.infolist() if info.filename.endswith(".xml")]
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: the reader refuses it with its own sentence
    if sum(info.file_size for info in parts) > limits.max_unpacked_bytes:
        raise refuse(file_name, f"解压后超过 {limits.max_unpacked_bytes // 2**20} MB（可能是“压缩炸弹”）。")
    for info in parts:
        if info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml":
            _check_part(file_name, archive, info, limits)


def _check_part(file_name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    rows = columns = longest = 0
    carry = b""
    sheet = info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
    with archive.open(info) as stream:
        for block in iter(lambda: stream.read(8 * 2**20), b""):
            text, carry = _split_at_tag(carry + block)
            if declared := _DIMENSION.search(text):
                _check_shape(file_name, sheet, int(declared[2]), column_number(declared[1]), limits, "声明的范围")
            rows = max([rows, *map(int, _ROW.findall(text))])
            for letters, number in set(_CELL.findall(text)):
                rows, columns = max(rows, int(number)), max(columns, column_number(letters))
            longest = max(longest, _longest_text(text))
            _check_shape(file_name, sheet, rows, columns, limits, "实际用到的范围")
            if longest > limits.max_cell_chars * 8:  # bytes between two tags: a character may be written &#38271;
                raise refuse(
                    file_name,
                    f"有一个单元格的文字超过 {limits.max_cell_chars:,} 个字符的上限。",
                    "请把过长的内容缩短或移到附件中再导入。",
                )


def _split_at_tag(text: bytes) -> tuple[bytes, bytes]:
    # A block ends at its last "<": a tag or a cell reference is never cut in two.
    cut = text.rfind(b"<")
    return (text, b"") if cut <= 0 else (text[:cut], text[cut:])


def _longest_text(text: bytes) -> int:
    tags = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == ord("<"))
    return int(np.diff(tags).max()) if len(tags) > 1 else len(text)


def _check_shape(file_name: str, sheet: str, rows: int, columns: int, limits: Limits, which: str) -> None:
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        raise refuse(
            file_name,
            f"工作表 {sheet} {which}有 {rows:,} 行 × {columns:,} 列，超过上限"
            f"（{limits.max_rows:,} 行、{limits.max_columns:,} 列、共 {limits.max_cells:,} 个单元格）。",
        )
