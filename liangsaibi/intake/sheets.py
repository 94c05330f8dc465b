"""Reading the files people bring (CSV in UTF-8 or GBK, XLSX) into tables with canonical columns."""

import codecs
import csv
import io
import itertools
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from liangsaibi.store.names import clean_header

# Canonical column → the header spellings accepted for it (compared after clean_header).
ALIASES = {
    "quarter": ["季度", "quarter"],
    "year": ["年度", "年份", "year"],
    "street": ["街道", "街道(镇)", "镇", "街道/镇", "被观摩街道", "street"],
    "unit": ["村(社区)", "社区(村)", "村社区", "村/社区", "社区", "村", "被观摩村(社区)", "被观摩社区(村)", "unit"],
    "theme": ["指标", "theme"],
    "rater": ["评分人", "rater"],
    "score": ["得分", "分数", "评分", "score"],
    "kind": ["类型", "kind"],
    "title": ["承诺事项", "承诺内容", "标题", "亮点标题", "title"],
    "due_quarter": ["承诺时限", "整改时限", "整改期限", "due_quarter"],
    "completed_on": ["完成日期", "完成时间", "completed_on"],
    "note": ["备注", "note"],
    "weight": ["权重", "weight"],
    "max_score": ["满分", "max_score"],
    "scoring": ["计分方式", "scoring"],
    "description": ["说明", "做法", "主要做法", "具体做法", "description"],
    "tags": ["标签", "tags"],
    "problem": ["问题", "问题反馈", "存在问题", "problem"],
    "action": ["整改措施", "action"],
    "visited_on": ["日期", "观摩日期", "date"],
    "visitor": ["观摩方", "观摩单位", "visitor"],
}
# Where a kind of sheet heads a column otherwise than the column's first spelling: a highlight's title is
# 标题, not 承诺事项, and a visit names the 被观摩 unit. Problems name the column as the sheet does.
KIND_LABELS = {
    "highlights": {"title": "标题", "description": "做法"},
    "problems": {"due_quarter": "整改时限"},
    "visits": {"street": "被观摩街道", "unit": "被观摩村(社区)"},
}
_CANONICAL = {clean_header(alias): column for column, aliases in ALIASES.items() for alias in aliases}

# Kind of file → its required and optional canonical columns, and its name for people.
KINDS = {
    "units": ({"street", "unit", "kind"}, set(), "村(社区)名单"),
    "rubric": ({"year", "theme", "weight", "max_score"}, {"description", "scoring"}, "评分细则"),
    "scores": ({"quarter", "street", "unit", "theme", "score"}, {"rater"}, "评分表"),
    "scores_wide": ({"quarter", "street", "unit"}, {"rater"}, "评分表(宽表)"),
    "commitments": ({"year", "street", "unit", "title", "due_quarter", "completed_on"}, {"theme", "note"}, "承诺事项"),
    "highlights": ({"quarter", "street", "unit", "title", "description"}, {"theme", "tags"}, "亮点做法"),
    "problems": ({"quarter", "street", "unit", "problem", "due_quarter"}, {"action", "completed_on"}, "问题反馈"),
    "visits": ({"visited_on", "visitor", "street", "unit"}, {"kind", "note"}, "观摩记录"),
}


def column_label(column: str, kind: str = "") -> str:
    """The Chinese header of a canonical column in a kind of sheet."""
    return KIND_LABELS.get(kind, {}).get(column) or (ALIASES[column][0] if column in ALIASES else column)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located as a clerk would look for it, and what to do about it."""

    file: str
    what: str
    fix: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def __str__(self) -> str:
        sheet = f"工作表「{quoted(self.sheet)}」" if self.sheet else ""
        where = f"第 {self.row} 行" if self.row else ""
        cell = f"「{quoted(self.column)}」列的值「{quoted(self.value)}」" if self.column else ""
        return f"文件「{self.file}」{sheet}{where}{cell}{self.what}{self.fix}"

    def as_row(self) -> dict:
        # A problem of the whole file has no row: an empty cell, not None, in the table the page shows.
        return {
            "文件": self.file,
            "工作表": quoted(self.sheet),
            "行": str(self.row or ""),
            "列": quoted(self.column),
            "值": quoted(self.value),
            "问题": self.what,
            "怎么办": self.fix,
        }


QUOTED_CHARS = 50


def quoted(text: str) -> str:
    """A cell as a message quotes it: at most 50 characters (a refused 300 MB cell is not repeated whole)."""
    text = str(text)
    return text if len(text) <= QUOTED_CHARS else f"{text[:QUOTED_CHARS]}…（共 {len(text):,} 个字符）"


class ImportRefused(Exception):
    """Files that cannot be imported; nothing was changed. `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Sheet:
    """One table of a file: its kind, rows under canonical column names, and where it came from."""

    file: str
    sheet: str
    kind: str
    rows: pd.DataFrame
    header_row: int  # 1-based row number of the header in the file
    themes: list[str] = field(default_factory=list)  # theme columns of a wide score sheet
    headers: dict[str, str] = field(default_factory=dict)  # header as written → canonical column

    def row_number(self, index: int) -> int:
        """The row number a spreadsheet shows for the row at `index` of `rows`."""
        return self.header_row + 1 + index

    def problem(self, index: int, column: str, value, what: str, fix: str = "") -> Problem:
        """A problem of one cell of this sheet."""
        return Problem(self.file, what, fix, self.sheet, self.row_number(index), column, str(value))


GUIDE_SHEET = "填写说明"  # the sheet of a downloaded template that shows an example row (docs/导入格式.md)


def read_sheets(file_name: str, data: bytes) -> list[Sheet]:
    """Every recognisable table in a CSV or XLSX file."""
    frames = _frames(file_name, data)
    sheets = [_recognise(file_name, name, frame.fillna("")) for name, frame in frames.items()]
    return [sheet for sheet in sheets if sheet is not None] or _unrecognised(file_name, frames)


def _frames(file_name: str, data: bytes) -> dict[str, pd.DataFrame]:
    if file_name.lower().endswith(".xlsx"):
        # A template's example sheet (填写说明) is read by people, never imported.
        return {name: frame for name, frame in _workbook(file_name, data).items() if name != GUIDE_SHEET}
    if file_name.lower().endswith(".csv"):
        return {"": _csv_frame(file_name, data)}
    raise ImportRefused([Problem(file_name, "既不是 CSV 也不是 XLSX。", "请另存为这两种格式之一再导入。")])


def read_table(file_name: str, data: bytes, aliases: dict[str, list[str]], required: list[str], label: str) -> Sheet:
    """The first table of a CSV or XLSX file whose header holds the `required` columns, every cell as trimmed text
    under the canonical names of `aliases` (files a capability reads for itself: the quiz's 题库 and 参测人员)."""
    canonical = {clean_header(alias): column for column, spellings in aliases.items() for alias in spellings}
    for name, frame in _frames(file_name, data).items():
        frame = frame.fillna("").astype(str)
        for position, row in enumerate(frame.head(20).itertuples(index=False)):
            named = {i: canonical[clean_header(cell)] for i, cell in enumerate(row) if clean_header(cell) in canonical}
            if set(required) <= set(named.values()):
                rows = frame.iloc[position + 1 :, list(named)].set_axis(list(named.values()), axis=1)
                rows.index = pd.RangeIndex(len(rows))  # as Sheet.row_number counts: from the row below the header
                rows = rows.apply(lambda column: column.str.strip())
                rows = rows[(rows != "").any(axis=1)]
                headers = {str(frame.iloc[position, i]).strip(): column for i, column in named.items()}
                return Sheet(file_name, name, label, rows, position + 1, headers=headers)
    needed = "、".join(aliases[column][0] for column in required)
    raise ImportRefused([Problem(file_name, f"不是{label}：找不到含 {needed} 的表头。", f"请使用{label}模板的表头。")])


def _workbook(file_name: str, data: bytes) -> dict[str, pd.DataFrame]:
    try:
        return pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str, engine="calamine")
    except Exception:  # whatever the reader trips over, the file is not a workbook it can read
        raise ImportRefused(
            [
                Problem(
                    file_name,
                    "不是可读取的 XLSX 文件（可能已损坏，或是改了扩展名的其他文件）。",
                    "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
                )
            ]
        ) from None


def _csv_frame(file_name: str, data: bytes) -> pd.DataFrame:
    """Every cell as text, a row per line, short rows padded: title rows above the header have fewer cells."""
    # As wide as the widest of the first rows: Arrow's reader takes a sheet whose rows all have that width (a
    # city's sheet in a third of the time of pandas' C reader), the C reader one with shorter rows (a title
    # above the header, a blank line); a longer row further down or a quote neither can pair leaves the file
    # to the csv module.
    text, encoding = _decode(file_name, data)
    # Arrow reads UTF-8: a file in UTF-8 is given as it came, without its BOM (encoding the decoded text again
    # took a tenth of a second of a yearly file's 30 MB), one in GBK as the decoded text encoded.
    if encoding == "utf-8-sig":
        utf8 = pa.py_buffer(data)[len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0 :]
    else:
        utf8 = pa.py_buffer(text.encode())
    try:
        first = list(itertools.islice(csv.reader(_lines(text)), 50))
        width = max(map(len, first), default=1)
        try:
            return _arrow_frame(utf8, width)
        except pa.ArrowInvalid:
            return pd.read_csv(
                io.StringIO(text),
                header=None,
                names=range(width),
                dtype=str,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
            ).fillna("")
    except (pd.errors.ParserError, csv.Error, ValueError):
        rows = _csv_rows(file_name, text)
        width = max(map(len, rows), default=0)
        return pd.DataFrame([row if len(row) == width else row + [""] * (width - len(row)) for row in rows], dtype=str)


def _lines(text: str):
    """The text's lines one by one, each with its line end (io.StringIO copied all of a city's sheet to give
    the first fifty)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _arrow_frame(utf8: pa.Buffer, width: int) -> pd.DataFrame:
    names = [str(i) for i in range(width)]
    table = pacsv.read_csv(
        pa.BufferReader(utf8),
        read_options=pacsv.ReadOptions(column_names=names),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    return table.to_pandas().set_axis(range(width), axis=1)


def _csv_rows(file_name: str, text: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error:  # an unpaired quote makes one cell swallow the rest of the file
        raise ImportRefused(
            [
                Problem(
                    file_name,
                    "无法按 CSV 读取：可能有未配对的英文引号 \"。",
                    "请删去多余的引号，或用 Excel 或 WPS 另存为 CSV 再导入。",
                )
            ]
        ) from None


def _decode(file_name: str, data: bytes) -> tuple[str, str]:
    """The text and the encoding it was written in."""
    # UTF-8 first: GB18030 decodes almost any byte string, so it can only be the fallback.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportRefused([Problem(file_name, "的编码无法识别。", "请用 UTF-8 或 GBK 编码另存后再导入。")])


def _header_row(frame: pd.DataFrame) -> int | None:
    # Title rows may stand above the header: the header is the first row naming two known columns.
    for position, row in enumerate(frame.head(20).itertuples(index=False)):
        if sum(clean_header(cell) in _CANONICAL for cell in row) >= 2:
            return position
    return None


def _recognise(file_name: str, sheet_name: str, frame: pd.DataFrame) -> Sheet | None:
    position = _header_row(frame)
    if position is None:
        return None
    headers = [clean_header(cell) for cell in frame.iloc[position]]
    if file_name.lower().endswith(".csv"):
        _refuse_longer_than_header(file_name, frame, position, headers)
    body = frame.iloc[position + 1 :].reset_index(drop=True)
    named = {i: _CANONICAL[h] for i, h in enumerate(headers) if h in _CANONICAL}
    extra = {i: str(frame.iloc[position, i]).strip() for i, h in enumerate(headers) if h and h not in _CANONICAL}
    columns = set(named.values())
    kind = _kind_of(columns, extra)
    required = KINDS[kind][0]
    if missing := required - columns:
        labels = "、".join(column_label(c, kind) for c in sorted(missing))
        raise ImportRefused(
            [
                Problem(
                    file_name,
                    f"看起来是{KINDS[kind][2]}，但缺少必需的列：{labels}。",
                    "请按模板补齐表头。",
                    sheet_name,
                    position + 1,
                )
            ]
        )
    rows = body.iloc[:, list(named) + (list(extra) if kind == "scores_wide" else [])]
    rows.columns = list(named.values()) + (list(extra.values()) if kind == "scores_wide" else [])
    rows = rows[rows.apply(lambda column: column.astype(str).str.strip() != "").any(axis=1)]  # empty rows
    themes = list(extra.values()) if kind == "scores_wide" else []
    headers = {str(frame.iloc[position, i]).strip(): column for i, column in named.items()}
    return Sheet(file_name, sheet_name, kind, rows, position + 1, themes, headers)


def _refuse_longer_than_header(file_name: str, frame: pd.DataFrame, position: int, headers: list[str]) -> None:
    # An unquoted decimal comma (18,5) splits a cell in two: the extra cell would be dropped without a word.
    last = max((i for i, header in enumerate(headers) if header), default=-1)
    beyond = frame.iloc[position + 1 :, last + 1 :]
    if beyond.shape[1] == 0:
        return
    filled = beyond.apply(lambda cells: cells.astype(str).str.strip() != "").any(axis=1).to_numpy()
    if filled.any():
        first = int(filled.nonzero()[0][0])
        extra = "、".join(f"「{quoted(cell)}」" for cell in beyond.iloc[first] if str(cell).strip())
        more = f"（共 {int(filled.sum())} 行如此）" if filled.sum() > 1 else ""
        raise ImportRefused(
            [
                Problem(
                    file_name,
                    f"的单元格比表头多，多出的是{extra}{more}。",
                    "数字里的逗号会把一格拆成两格：18,5 请写成 18.5；含逗号的文字请加英文双引号。",
                    row=position + 2 + first,
                )
            ]
        )


def _kind_of(columns: set[str], extra: dict) -> str:
    if "visitor" in columns:
        return "visits"
    if "problem" in columns:
        return "problems"
    if "title" in columns:  # a highlight is of a quarter, a commitment of a year
        return "highlights" if "quarter" in columns and "year" not in columns else "commitments"
    if "weight" in columns or "max_score" in columns:
        return "rubric"
    if "quarter" in columns:
        return "scores" if {"theme", "score"} & columns or not extra else "scores_wide"
    return "units"


def _unrecognised(file_name: str, frames: dict) -> list[Sheet]:
    expected = "；".join(
        f"{label}：{'、'.join(column_label(c, kind) for c in sorted(req))}" for kind, (req, _, label) in KINDS.items()
    )
    if all(
        frame.fillna("").astype(str).apply(lambda cells: cells.str.strip().eq("")).all().all()
        for frame in frames.values()
    ):
        raise ImportRefused([Problem(file_name, "是空的，没有可导入的数据。", "请检查是否选错了文件。")])
    raise ImportRefused([Problem(file_name, "的表头无法识别。", f"请使用模板的表头（{expected}）。")])
