"""Hostile files and what reading them costs the server: `python -m benchmarks.bombs [--page]`.

Each file is made in a temporary folder (never committed), read as the 数据管理 page reads an upload
(liangsaibi.intake: shape checks, then a child process with a memory and time limit), and the table
printed gives the time, the child's peak memory and the first words of the sentence the user sees.
With --page, each file is uploaded on 数据管理 → 导入数据 of a real `streamlit run` in Chromium, while a
second browser reloads 总览 again and again: the table gives the time until the page shows its answer,
the server's peak memory (its own and that of the reading child), and how 总览 fared meanwhile.
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
    return (
        buffer.getvalue()
        if declared
        else _rewrite_sheet(
            buffer.getvalue(), lambda xml: xml.replace(b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:B1"/>')
        )
    )


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
                sheet.write(
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
                )
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
    return (HEADER.rstrip("\n") + "," * (columns - 6) + "\n").encode() * lines


def cases() -> dict[str, tuple[str, bytes]]:
    """The worst file of each kind, at full size (none over the 50 MB upload limit)."""
    return {
        "XLSX, 单元格在 XFD1048576（声明）": ("far.xlsx", far_cell_xlsx()),
        "XLSX, 单元格在 XFD1048576（未声明）": ("far-undeclared.xlsx", far_cell_xlsx(declared=False)),
        "XLSX, 一格 1 亿个汉字（解压后 800 MB）": ("long.xlsx", long_string_xlsx(100 * 2**20)),
        "XLSX, 解压后 4 GB": ("unpacks.xlsx", unpacking_xlsx(4 * 2**30)),
        "CSV, 一行 50 MB 的逗号": ("commas.csv", comma_line_csv(49.9)),
        "CSV, 表头 300 万列": ("wide.csv", wide_csv(3_000_000)),
        "CSV, 1,000 行各 49,000 列": ("wide-lines.csv", wide_csv(49_000, 1_000)),
    }


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
    from liangsaibi.intake.sheets import ImportRefused

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="store_true", help="upload each file on 数据管理 in Chromium")
    if parser.parse_args().page:
        import asyncio

        asyncio.run(through_the_page())
        return
    unchecked = Limits(max_columns=10**6, max_rows=10**8, max_cells=10**15)  # only the child's limits stand
    runs = [(label, name, data, None) for label, (name, data) in cases().items()]
    runs += [
        ("XLSX, 单元格在 XFD1048576，不查形状（只靠子进程上限）", "far.xlsx", far_cell_xlsx(), unchecked),
        ("CSV, 正常评分表约 100 万行（对照）", "scores.csv", legitimate_csv(), None),
    ]
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

    print(
        f"\n看板一侧（本进程，含生成文件）峰值内存 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10:.0f} MB。"
    )


PASSWORD = "bombs-口令"


def _memory_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass  # the child ended between listing and reading
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [
            int(child)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except OSError:
        return []


async def admin_and_viewer(chromium, url: str, password: str):
    """Two browser contexts of playwright's async API: an administrator logged in on 数据管理, its uploader
    there, and another viewer."""
    admin = await (await chromium.new_context(viewport={"width": 1440, "height": 1000})).new_page()
    viewer = await (await chromium.new_context(viewport={"width": 1440, "height": 1000})).new_page()
    await admin.goto(f"{url}/admin")
    await admin.get_by_role("textbox", name="管理员姓名").fill("李文书", timeout=120_000)
    await admin.get_by_label("管理员密码").fill(password)
    await admin.get_by_role("button", name="登录").click()
    await (
        admin.get_by_label("选择 CSV 或 XLSX 文件")
        .get_by_test_id("stFileUploaderDropzoneInput")
        .wait_for(state="attached", timeout=120_000)
    )
    return admin, viewer


async def through_the_page() -> None:
    """Each worst file uploaded on 数据管理 while a second browser reloads 总览; one table row per file."""
    import asyncio
    import os
    import statistics
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from browser import CHROMIUM, CHROMIUM_ARGS, Server
    from playwright.async_api import async_playwright

    from liangsaibi.store.build import build_database

    folder = Path(tempfile.mkdtemp(prefix="bombs-page-"))
    build_database(folder / "bombs.duckdb")
    server = Server(folder / "bombs.duckdb", LIANGSAIBI_ADMIN_PASSWORD=PASSWORD)
    rows = []
    try:
        async with async_playwright() as playwright:
            chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            admin, viewer = await admin_and_viewer(chromium, server.url, PASSWORD)

            async def overview_once() -> float:
                started = time.perf_counter()
                await viewer.goto(f"{server.url}/")
                await viewer.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=120_000
                )
                return time.perf_counter() - started

            quiet = [await overview_once() for _ in range(3)]
            for label, (name, data) in cases().items():
                await admin.context.close()  # a fresh administrator's page for each file: its uploader empty
                admin, _ = await admin_and_viewer(chromium, server.url, PASSWORD)
                path = folder / name
                path.write_bytes(data)
                child_peak, done = [0], asyncio.Event()

                async def sample() -> None:
                    while not done.is_set():
                        for child in _children(server.process.pid):
                            child_peak[0] = max(child_peak[0], _memory_kb(child, "VmRSS"))
                        await asyncio.sleep(0.05)

                async def overview_meanwhile() -> list[float]:
                    times = []
                    while not done.is_set():
                        times.append(await overview_once())
                    return times

                async def upload() -> tuple[float, str]:
                    started = time.perf_counter()
                    try:
                        await (
                            admin.get_by_label("选择 CSV 或 XLSX 文件")
                            .get_by_test_id("stFileUploaderDropzoneInput")
                            .set_input_files(str(path))
                        )
                        answer = admin.get_by_text("不能导入").or_(admin.get_by_text("检查通过"))
                        await answer.first.wait_for(timeout=120_000)
                        said = (
                            await admin.locator("[data-testid=stDataFrame] td").nth(5).text_content()
                            if await admin.get_by_text("不能导入").count()
                            else "检查通过"
                        )
                    except Exception as error:  # noqa: BLE001 - the row says so, the other files still run
                        await admin.screenshot(path=folder / f"{name}.png")
                        said = f"（{time.perf_counter() - started:.0f} s 内页面无答复：{type(error).__name__}，见 {folder / name}.png）"
                    finally:
                        done.set()
                    return time.perf_counter() - started, said

                sampler, meanwhile = asyncio.create_task(sample()), asyncio.create_task(overview_meanwhile())
                seconds, said = await upload()
                await sampler
                times = await meanwhile
                alive = server.process.poll() is None
                rows.append(
                    (
                        label,
                        len(data),
                        seconds,
                        _memory_kb(server.process.pid, "VmHWM"),
                        child_peak[0],
                        times,
                        alive,
                        said,
                    )
                )
                print(label, f"{seconds:.1f} s", said, file=sys.stderr, flush=True)
                path.unlink()
            await chromium.close()
    finally:
        server.stop()
    print(
        f"总览 with no upload: median {statistics.median(quiet):.2f} s of {len(quiet)} loads; load average "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    print(
        "| 文件 | 大小 | 上传到页面给出答复 | 服务器峰值内存（VmHWM，累计） | 读取子进程最大内存 | 其间 总览 加载（次数，中位，最慢） | 服务器存活 | 页面给出的问题 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, size, seconds, server_kb, child_kb, times, alive, said in rows:
        loads = f"{len(times)} 次，{statistics.median(times):.2f} s，{max(times):.2f} s" if times else "0 次"
        print(
            f"| {label} | {size / 2**20:.2f} MB | {seconds:.2f} s | {server_kb / 2**10:.0f} MB | {child_kb / 2**10:.0f} MB | "
            f"{loads} | {'是' if alive else '否'} | {said[:60]} |"
        )


if __name__ == "__main__":
    main()
