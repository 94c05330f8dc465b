"""Reading one untrusted file in a child process that may use only so much memory and time.

Whatever a reader library does with a hostile file (raise, run out of memory, abort the process as the
Excel reader does when it cannot allocate a grid), only the child goes down: the server keeps answering
its other viewers, and the user gets one sentence naming the file.
"""

import dataclasses
import faulthandler
import functools
import itertools
import multiprocessing
import os
import resource
import shutil
import tempfile
import time

import pyarrow as pa

from liangsaibi.intake import limits as bounds
from liangsaibi.intake.limits import Limits, check_csv, check_xlsx, refuse
from liangsaibi.intake.sheets import ImportRefused, Problem, Sheet, read_sheets, read_table
from liangsaibi.intake.validate import label

# A fork of the dashboard with the readers already imported: a fresh interpreter spent seconds importing
# pandas on a busy machine, and multiprocessing's forkserver and spawn run the parent's main script again in
# the child (dashboard.py under AppTest). The child touches nothing but the bytes it was given; were it to
# hang on a lock another thread of the dashboard held at the fork, the time limit ends it all the same.
_CONTEXT = multiprocessing.get_context("fork")


def too_big(file_name: str) -> Problem:
    return Problem(
        file_name,
        "过大或格式异常：读取时超出了内存或时间的上限，未作任何更改。",
        "请检查文件是否损坏、表格外是否有多余的单元格，或按街道、季度拆成几个较小的文件再导入。",
    )


def read_untrusted(file_name: str, data: bytes, limits: Limits | None = None) -> list[Sheet]:
    """read_sheets() in a child process within `limits`; ImportRefused for a file too big or too strange."""
    sheets, _ = read_measured(file_name, data, limits)
    return sheets


def read_measured(file_name: str, data: bytes, limits: Limits | None = None) -> tuple[list[Sheet], int]:
    """read_untrusted(), also giving the child's peak memory in bytes, kept on a refusal as `peak_bytes`
    (0 when the child died before it could tell): for the benchmark."""
    return _Reading(file_name, data, limits or bounds.LIMITS).result()


def read_table_untrusted(
    file_name: str, data: bytes, aliases: dict, required: list[str], label: str, limits: Limits | None = None
) -> Sheet:
    """sheets.read_table() (a file a capability reads for itself: the quiz's 题库 and 参测人员) in a child process
    within `limits`, as read_untrusted() reads an import's files."""
    table = functools.partial(_one_table, aliases=aliases, required=required, label=label)
    return _Reading(file_name, data, limits or bounds.LIMITS, table).result()[0][0]


def _one_table(file_name: str, data: bytes, aliases: dict, required: list[str], label: str) -> list[Sheet]:
    return [read_table(file_name, data, aliases, required, label)]


def read_each(files: list[tuple[str, bytes]], limits: Limits | None = None, at_once: int = 2):
    """For each (name, data) in order, its sheets or the ImportRefused that refuses it: read_untrusted() of
    `at_once` files at a time, each in its own child (a city's ten yearly files are read on both cores)."""
    limits, readings, waiting = limits or bounds.LIMITS, [], iter(files)
    try:
        readings += [_Reading(name, data, limits) for name, data in itertools.islice(waiting, at_once)]
        while readings:
            reading = readings.pop(0)
            try:
                yield reading.result()[0]
            except ImportRefused as refused:
                yield refused
            readings += [_Reading(name, data, limits) for name, data in itertools.islice(waiting, 1)]
    finally:
        for reading in readings:  # the caller stopped early: no child is left behind
            reading.close()


class _Reading:
    """One file being read by its child process; result() waits for it (within the time limit) and ends it."""

    def __init__(self, file_name: str, data: bytes, limits: Limits, reader=read_sheets):
        self.file_name, self.limits = file_name, limits
        self.folder = tempfile.mkdtemp(prefix="liangsaibi-intake-")  # the child's rows, see _packed
        self.receiver, sender = _CONTEXT.Pipe(duplex=False)
        work = (file_name, data, limits, reader, sender, self.folder)
        self.child = _CONTEXT.Process(target=_work, args=work, daemon=True)
        self.child.start()
        sender.close()
        self.started = time.monotonic()

    def result(self) -> tuple[list[Sheet], int]:
        try:
            try:
                outcome, value, peak = _answer(self.receiver, self.child, self.started + self.limits.seconds)
            except (EOFError, TimeoutError, OSError):
                outcome, value, peak = "refused", [too_big(self.file_name)], 0
            if outcome == "refused":
                refused = ImportRefused(value)
                refused.peak_bytes = peak
                raise refused
            return [_unpacked(sheet, rows) for sheet, rows in value], peak
        finally:
            self.close()

    def close(self) -> None:
        self.receiver.close()
        if self.child.is_alive():
            self.child.kill()
        self.child.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def _answer(receiver, child, deadline: float):
    while not receiver.poll(0.2):
        if time.monotonic() > deadline:
            raise TimeoutError
        if not child.is_alive() and not receiver.poll(0):
            raise EOFError
    return receiver.recv()


def _work(file_name: str, data: bytes, limits: Limits, reader, sender, folder: str) -> None:
    os.environ["RUST_BACKTRACE"] = "0"  # an aborting reader's last words stay one line in the server's log
    faulthandler.disable()  # (pytest's, inherited by the fork, would add every thread's stack)
    # The fork starts with the dashboard's address space (gigabytes once its libraries have mapped theirs):
    # the read may add memory_bytes to it.
    allowed = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (allowed, allowed))
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        sender.send(("read", _packed(_read(file_name, data, limits, reader), folder), _peak()))
    except ImportRefused as refused:
        sender.send(("refused", refused.problems, _peak()))
    except MemoryError:
        sender.send(("refused", [too_big(file_name)], _peak()))


def _read(file_name: str, data: bytes, limits: Limits, reader) -> list[Sheet]:
    if file_name.lower().endswith(".csv"):
        check_csv(file_name, data, limits)
    elif file_name.lower().endswith(".xlsx"):
        check_xlsx(file_name, data, limits)
    sheets = reader(file_name, data)
    for sheet in sheets:
        _check_cells(sheet, limits)
    return sheets


def _packed(sheets: list[Sheet], folder: str) -> list[tuple[Sheet, str | None]]:
    """Each sheet with its rows in an Arrow file in `folder`, read back by _unpacked, or None where they go
    with the sheet through the pipe: pickled through it, a yearly file's 600,000 rows took 0.2–0.5 s of the
    child's CPU and 0.05 s of ours to unpickle, written as Arrow 0.04–0.07 s and read back in 0.01 s."""
    packed = []
    for number, sheet in enumerate(sheets):
        path = os.path.join(folder, f"{number}.arrow")
        try:
            table = pa.Table.from_pandas(sheet.rows)
            with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
        except (OSError, ValueError, pa.ArrowException):  # a full disk, a wide sheet's theme written twice
            packed.append((sheet, None))
            continue
        packed.append((dataclasses.replace(sheet, rows=sheet.rows.iloc[:0]), path))
    return packed


def _unpacked(sheet: Sheet, rows: str | None) -> Sheet:
    if rows is None:
        return sheet
    with pa.memory_map(rows) as source:  # mapped, not read: the file may go once the frame holds its pages
        return dataclasses.replace(sheet, rows=pa.ipc.open_file(source).read_all().to_pandas())


def _check_cells(sheet: Sheet, limits: Limits) -> None:
    for position, column in enumerate(sheet.rows.columns):
        lengths = sheet.rows.iloc[:, position].astype(str).str.len()
        if len(lengths) and lengths.max() > limits.max_cell_chars:
            index = lengths.idxmax()
            raise refuse(
                sheet.file,
                f"文字有 {lengths.max():,} 个字符，超过每格 {limits.max_cell_chars:,} 个字符的上限。",
                "请把过长的内容缩短或移到附件中再导入。",
                sheet=sheet.sheet,
                row=sheet.row_number(index),
                column=label(str(column)),
                value=str(sheet.rows.at[index, column]),
            )


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
