"""Files built to exhaust the server are refused with one sentence, and reading any file cannot take it down."""

import dataclasses
import os
import subprocess
import sys

import pytest
from import_support import TODAY, sha256

from benchmarks import bombs
from liangsaibi import intake
from liangsaibi.intake import imports, limits as bounds
from liangsaibi.intake.sheets import QUOTED_CHARS, ImportRefused
from liangsaibi.store import db

LAST_CELL = "1,048,576 行 × 16,384 列"


def problems_of(demo_db, name: str, data: bytes) -> list[str]:
    before = sha256(demo_db)
    plan, _, _ = imports.check_files([(name, data)], demo_db, today=TODAY)
    assert sha256(demo_db) == before
    return [str(problem) for problem in plan.problems]


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "only-the-cell-tells"])
def test_a_small_workbook_whose_only_cell_is_the_last_one_is_refused_before_the_grid_is_made(demo_db, declared):
    data = bombs.far_cell_xlsx(declared)
    assert len(data) < 8000
    found = problems_of(demo_db, "far.xlsx", data)
    assert len(found) == 1 and LAST_CELL in found[0] and "文件「far.xlsx」" in found[0]
    assert ("声明的范围" if declared else "实际用到的范围") in found[0]


def test_a_csv_line_of_50_mb_of_commas_is_refused_naming_the_line(demo_db):
    found = problems_of(demo_db, "commas.csv", bombs.comma_line_csv(49.9))
    assert found == ["文件「commas.csv」第 2 行长达 49.9 MB，超过每行 200,000 个字符的上限。" + bounds.SPLIT]


def test_a_csv_header_of_three_million_columns_is_refused(demo_db):
    found = problems_of(demo_db, "wide.csv", bombs.wide_csv(3_000_000))
    assert len(found) == 1 and found[0].startswith("文件「wide.csv」第 1 行长达 2.9 MB")


def test_csv_lines_wider_than_the_column_limit_are_refused_even_when_short(demo_db):
    data = bombs.HEADER.encode() + bombs.wide_csv(5000, 3)
    found = problems_of(demo_db, "wide.csv", data)
    assert found == ["文件「wide.csv」第 2 行有 5,000 列，超过 1,000 列的上限。" + bounds.SPLIT]


def test_a_huge_shared_string_is_refused_from_the_zip_without_being_read(demo_db):
    found = problems_of(demo_db, "long.xlsx", bombs.long_string_xlsx(2_000_000))
    assert found == [
        "文件「long.xlsx」有一个单元格的文字超过 5,000 个字符的上限。请把过长的内容缩短或移到附件中再导入。"
    ]


def test_a_long_cell_is_refused_quoting_at_most_fifty_of_its_characters(demo_db):
    found = problems_of(demo_db, "long.xlsx", bombs.long_string_xlsx(6000, "x"))
    assert len(found) == 1
    assert "第 2 行「备注」列的值「" + "x" * QUOTED_CHARS + "…（共 6,000 个字符）」文字有 6,000 个字符" in found[0]
    assert "x" * (QUOTED_CHARS + 1) not in found[0]


def test_a_workbook_that_unzips_past_the_limit_is_refused(demo_db, monkeypatch):
    monkeypatch.setattr(bounds, "LIMITS", dataclasses.replace(bounds.LIMITS, max_unpacked_bytes=2**20))
    data = bombs.unpacking_xlsx(64 * 2**20)
    assert len(data) < 2**20
    assert problems_of(demo_db, "unpacks.xlsx", data) == [
        "文件「unpacks.xlsx」解压后超过 1 MB（可能是“压缩炸弹”）。" + bounds.SPLIT
    ]


def test_a_reader_that_aborts_the_process_takes_only_its_child_down():
    # With the shape checks out of the way the Excel reader asks for 512 GiB and aborts: the child dies, not us.
    unchecked = dataclasses.replace(bounds.LIMITS, max_columns=10**6, max_rows=10**8, max_cells=10**15)
    with pytest.raises(ImportRefused) as refused:
        intake.read_untrusted("far.xlsx", bombs.far_cell_xlsx(), unchecked)
    assert str(refused.value).startswith("文件「far.xlsx」过大或格式异常：")
    assert os.getpid() and intake.read_untrusted(
        "ok.csv", (bombs.HEADER + "2021Q4,建设路街道,省五建社区,党建引领,甲,18\n").encode()
    )


def test_a_read_over_its_time_limit_is_stopped_with_the_same_sentence():
    slow = dataclasses.replace(bounds.LIMITS, seconds=0.05)
    with pytest.raises(ImportRefused) as refused:
        intake.read_untrusted("scores.csv", bombs.legitimate_csv(20), slow)
    assert "过大或格式异常" in str(refused.value)


def test_a_read_over_its_memory_limit_is_stopped_with_the_same_sentence():
    # In a fresh interpreter, as the command line reads: a fork of this long-running test process inherits
    # whatever memory earlier tests freed, and a read may fill that without growing its address space. Reading
    # this 30 MB sheet adds some 300 MB there; 100 MB stays well below.
    script = (
        "import dataclasses; from benchmarks import bombs; from liangsaibi import intake\n"
        "from liangsaibi.intake.sheets import ImportRefused\n"
        "small = dataclasses.replace(intake.LIMITS, memory_bytes=100 * 2**20)\n"
        "try:\n    intake.read_untrusted('scores.csv', bombs.legitimate_csv(30), small)\n"
        "except ImportRefused as refused:\n    print(refused)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=db.ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("文件「scores.csv」过大或格式异常："), done.stderr[-2000:]


def test_a_long_unknown_name_is_quoted_short_in_the_check_problems(demo_db):
    name = "某" * 3000
    found = problems_of(demo_db, "names.csv", f"{bombs.HEADER}2021Q4,建设路街道,{name},党建引领,甲,18\n".encode())
    assert len(found) == 1 and "某" * QUOTED_CHARS + "…（共 3,000 个字符）" in found[0]
    assert "某" * (QUOTED_CHARS + 1) not in found[0]
