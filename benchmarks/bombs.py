"""Hostile files and what reading them costs the server: `python -m benchmarks.bombs [--folder DIR]`.

Each file is made in a temporary folder (never committed), read as the 数据管理 page reads an upload
(liangsaibi.intake: shape checks, then a child process with a memory and time limit), and the table
printed gives the time, the child's peak memory and the first words of the sentence the user sees.
The generators are small functions so that the tests make the same files, smaller where a limit allows.
"""
import argparse
import io
import tempfile
import time
import zipfile
from pathlib import Path

HEADER = "季度,街道,村(社区),指标,评分人,得分\n"


def far_cell_xlsx(declared: bool = True) -> bytes:
    """A workbook of a few KB whose only far cell sits at XFD1048576, the last column and row Excel has;
    with declared=False its <dimension> claims A1:B1 and only the cells tell the truth."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"] = "季度", "街道"
    sheet.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue() if declared else _rewrite_sheet(buffer.getvalue(), lambda xml: xml.replace(
        b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:B1"/>'))


def long_string_xlsx(characters: int, character: str = "长") -> bytes:
    """A commitment sheet whose 备注 cell holds a string of `characters` characters (openpyxl writes it
    inline, a Chinese character as an 8-byte &#…; reference)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["年度", "街道", "村(社区)", "承诺事项", "承诺时限", "完成日期", "备注"])
    sheet.append([2021, "建设路街道", "省五建社区", "建成示范点", "2021Q4", "", character * characters])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def unpacking_xlsx(unpacked_bytes: int) -> bytes:
    """A small workbook whose sheet unzips to `unpacked_bytes` (spaces compress a thousandfold), written
    a block at a time so that making it takes no more memory than reading it should."""
    source, out = zipfile.ZipFile(io.BytesIO(far_cell_xlsx())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for _ in range(unpacked_bytes // 2**24):
                    sheet.write(b" " * 2**24)
                sheet.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    return out.getvalue()


def _rewrite_sheet(workbook: bytes, change) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def comma_line_csv(megabytes: float) -> bytes:
    """A score sheet whose second line is `megabytes` MB of commas."""
    return (HEADER + "," * int(megabytes * 2**20) + "\n").encode()


def wide_csv(columns: int, lines: int = 1) -> bytes:
    """A score sheet whose header line (and `lines` lines in all) has `columns` columns."""
    return (HEADER.rstrip("\n") + "," * (columns - 6) + "\n") .encode() * lines


def cases() -> dict[str, tuple[str, bytes]]:
    """The worst file of each kind, at full size (none over the 50 MB upload limit)."""
    return {"XLSX, 单元格在 XFD1048576（声明）": ("far.xlsx", far_cell_xlsx()),
            "XLSX, 单元格在 XFD1048576（未声明）": ("far-undeclared.xlsx", far_cell_xlsx(declared=False)),
            "XLSX, 一格 1 亿个汉字（解压后 800 MB）": ("long.xlsx", long_string_xlsx(100 * 2**20)),
            "XLSX, 解压后 4 GB": ("unpacks.xlsx", unpacking_xlsx(4 * 2**30)),
            "CSV, 一行 50 MB 的逗号": ("commas.csv", comma_line_csv(49.9)),
            "CSV, 表头 300 万列": ("wide.csv", wide_csv(3_000_000)),
            "CSV, 1,000 行各 49,000 列": ("wide-lines.csv", wide_csv(49_000, 1_000))}


def legitimate_csv(megabytes: float = 49) -> bytes:
    """A real-looking long score sheet just under the upload limit (about a million rows), for comparison."""
    lines, size, i = [HEADER], 0, 0
    while size < megabytes * 2**20:
        line = f"2026Q1,街道{i % 200:04d},社区{i % 3000:04d}-01,指标{i % 10:02d},评分人{i % 5},{(i * 7919) % 1000 / 100:.2f}\n"
        lines.append(line)
        size, i = size + len(line.encode()), i + 1
    return "".join(lines).encode()


def main() -> None:
    from liangsaibi.intake import Limits
    from liangsaibi.intake.child import read_measured
    from liangsaibi.sheets import ImportRefused

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    unchecked = Limits(max_columns=10**6, max_rows=10**8, max_cells=10**15)  # only the child's limits stand
    runs = [(label, name, data, None) for label, (name, data) in cases().items()]
    runs += [("XLSX, 单元格在 XFD1048576，不查形状（只靠子进程上限）", "far.xlsx", far_cell_xlsx(), unchecked),
             ("CSV, 正常评分表约 100 万行（对照）", "scores.csv", legitimate_csv(), None)]
    print("| 文件 | 大小 | 读取用时 | 子进程峰值内存 | 用户看到的 |\n|---|---|---|---|---|")
    for label, name, data, limits in runs:
        started = time.perf_counter()
        try:
            _, peak = read_measured(name, data, limits)
            said = "读入（未拒绝）"
        except ImportRefused as refused:
            peak, said = refused.peak_bytes, str(refused.problems[0])[:70]
        seconds = time.perf_counter() - started
        memory = f"{peak / 2**20:.0f} MB" if peak else "—（子进程中止）"
        print(f"| {label} | {len(data) / 2**20:.2f} MB | {seconds:.2f} s | {memory} | {said} |")
    import resource

    print(f"\n看板一侧（本进程，含生成文件）峰值内存 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MB。")


if __name__ == "__main__":
    main()
