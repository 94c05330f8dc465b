"""The lockout under attack, without a browser: many attempts at once from several processes, a flood of refused
attempts, the table's size (the door itself: test_admin_door; through deploy/'s nginx: test_deploy)."""

import datetime
import multiprocessing
import os
import time

from test_admin_door import START, clock  # noqa: F401

from liangsaibi.ops import login


def _guess(database, ready, number):
    ready.wait()
    login.attempt("10.0.0.9", f"进程{number}", f"猜错{number}", "正确口令", database)


def test_twenty_attempts_at_once_from_twenty_processes_get_at_most_five_password_checks(tmp_path, monkeypatch):
    checked, database = tmp_path / "checked", tmp_path / "d.duckdb"
    check = login.password_matches

    def counted(given, expected):
        with open(checked, "a") as record:  # one line per password checked, whichever process checks it
            record.write(f"{os.getpid()}\n")
        time.sleep(0.3)  # an argon2 check takes time: the others arrive while it runs
        return check(given, expected)

    monkeypatch.setattr(login, "password_matches", counted)
    context = multiprocessing.get_context("fork")  # the children keep the counting check
    ready = context.Barrier(20)
    processes = [context.Process(target=_guess, args=(database, ready, n)) for n in range(20)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * 20
    checks = len(checked.read_text().splitlines())
    logged = login.attempts(database)
    refused = sum(times for _, _, outcome, _, times in logged if outcome == "拒绝")
    assert checks <= login.MOST_FAILURES
    assert [outcome for _, _, outcome, _, _ in logged].count("失败") == checks
    assert checks + refused == 20  # every attempt is in the log, checked or refused
    print(f"20 attempts at once: {checks} passwords checked, {refused} refused")


def test_a_flood_of_refused_attempts_keeps_the_lock_and_one_row(tmp_path, clock, monkeypatch):
    database = tmp_path / "d.duckdb"
    for guess in range(5):
        login.attempt("10.0.0.9", "某人", f"猜错{guess}", "正确口令", database)
    flood = 10_000
    checks, check = [], login.password_matches
    monkeypatch.setattr(
        login, "password_matches", lambda given, expected: checks.append(given) or check(given, expected)
    )
    for n in range(flood):
        clock[0] = START + datetime.timedelta(seconds=1 + n // 100)  # 100 a second for 100 seconds
        assert "后再试" in login.attempt("10.0.0.9", "冒名者", "正确口令", "正确口令", database)
    assert checks == []  # no password checked while locked, not even the right one
    print(f"a flood of {flood} attempts while locked: {len(checks)} passwords checked")
    logged = login.attempts(database)
    assert [(outcome, times) for _, _, outcome, _, times in logged] == [("失败", 1)] * 5 + [("拒绝", flood)]
    written = sum(file.stat().st_size for file in tmp_path.glob("d.duckdb.logins.sqlite3*"))  # with its -wal
    assert written < 256 * 1024  # the old log grew 460 KB and lost the lock
    clock[0] = START + login.WINDOW
    assert login.attempt("10.0.0.9", "管理员", "正确口令", "正确口令", database) is None  # the lock ends on time


def test_attempts_older_than_ninety_days_are_deleted_and_other_clients_are_not_locked(tmp_path, clock):
    database = tmp_path / "d.duckdb"
    for guess in range(5):
        login.attempt("10.0.0.9", "某人", f"猜错{guess}", "正确口令", database)
    assert login.attempt("10.0.0.8", "管理员", "正确口令", "正确口令", database) is None  # another address
    clock[0] = START + login.KEPT + datetime.timedelta(days=1)
    login.attempt("10.0.0.7", "管理员", "正确口令", "正确口令", database)
    assert [client for _, client, *_ in login.attempts(database)] == ["10.0.0.7"]


def test_the_command_line_lists_the_last_attempts(tmp_path, clock, monkeypatch, capsys):
    from liangsaibi.__main__ import main

    monkeypatch.setenv("LIANGSAIBI_DB", str(tmp_path / "d.duckdb"))  # no database needed, only the table beside it
    login.attempt("10.0.0.9", "某人", "猜错", "正确口令")
    login.attempt("本机", "王芳", "正确口令", "正确口令")
    assert main(["logins", "--last", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "时间\t客户端地址\t结果\t姓名\t次数",
        "2026-12-01T21:25:00\t本机\t成功\t王芳\t1",
    ]
