"""What each `quiz` command does (liangsaibi/quiz/cli.py reads the command line)."""

import argparse
from pathlib import Path

from liangsaibi.cli_parser import command_line_operator
from liangsaibi.intake.sheets import ImportRefused
from liangsaibi.live.cli import found, links_address, print_heading
from liangsaibi.quiz import bank, closing, results, sittings


def run(args: argparse.Namespace) -> str:
    """Carry out a `quiz` command; refusals end the program with their Chinese message."""
    try:
        return {"import": _import, "create": _create, "status": _status, "close": _close}[args.quiz_command](args)
    except sittings.QuizRefused as refused:
        raise SystemExit(str(refused)) from None
    except ImportRefused as refused:
        raise SystemExit("\n".join(map(str, refused.problems))) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SystemExit(f"无法读取文件 {path}：{error.strerror}。") from None


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace("，", ",").split(",") if part.strip()]


def _import(args) -> str:
    added, replaced = bank.import_bank(args.file.name, _read(args.file))
    return f"题库已导入：新增 {added} 道、替换 {replaced} 道（已建立的测试不受影响）。"


def _create(args) -> str:
    people = sittings.participants_of(args.participants.name, _read(args.participants))
    if args.street and (others := sorted(set(people.street) - {args.street.strip()})):
        raise SystemExit(f"参测人员名单中有不属于{args.street}的人员（{'、'.join(others)}），请核对名单或 --street。")
    try:
        fixed = [int(number) for number in _split(args.questions)]
    except ValueError:
        raise SystemExit(f"--questions「{args.questions}」应为题库中的题目编号，如 1,2,5。") from None
    base_url = links_address(args.base_url)
    test_id, tokens = sittings.create(
        args.quarter,
        people,
        count=args.count,
        tags=_split(args.tags),
        fixed=fixed,
        per_person=args.per_person,
        minutes=args.minutes,
        marking=args.marking,
        explain=not args.no_explanation,
        name=args.name,
    )
    print(test_id)
    for person, token in zip(people.itertuples(), tokens.values()):
        print(f"{person.name}\t{person.unit}\t{sittings.link(base_url, token)}")
    return f"已建立第 {test_id} 号测试（{len(tokens)} 位参测人员）。链接只显示这一次，请妥善分发。"


def _state(test_id: int) -> results.State:
    return found(results.state(test_id), test_id, "测试")


def _status(args) -> str:
    current = _state(args.test_id)
    print_heading(current.test["name"], current.closed)
    for person in results.scores(current).itertuples():
        print(f"{person.name}\t{person.unit}\t{person.status}\t已答 {person.answered} 题")
    for unit in results.unit_results(current).to_dict("records"):
        mean = "—" if unit["交卷人数"] == 0 else f"{unit['平均分(百分制)']:.2f}"
        print(f"{unit['村(社区)']}\t交卷 {unit['交卷人数']} / {unit['参测人数']}\t平均 {mean}")
    return ""


def _close(args) -> str:
    plan, summary, _, units = closing.preview(args.test_id)
    if plan is not None and plan.problems:
        raise SystemExit("不能导入：\n" + "\n".join(f"- {problem}" for problem in plan.problems))
    theme = _state(args.test_id).test.theme
    for unit in units.to_dict("records"):
        written = "不计分（无人交卷）" if unit["交卷人数"] == 0 else f"{theme} {unit['计入得分']:.2f}"
        absent = f"；未参测：{unit['未参测']}" if unit["未参测"] else ""
        print(f"{unit['街道']} {unit['村(社区)']}：交卷 {unit['交卷人数']} / {unit['参测人数']}，{written}{absent}")
    for row in summary.itertuples():
        print(
            f"写入 {row.行数} 个村(社区)的{theme}得分，替换原有得分 {row.删除 + row.修改} 条；总分变化 {row.总分变化} 个"
        )
    if plan is None:
        raise SystemExit(f"第 {args.test_id} 号测试还没有人交卷，没有可导入的得分。")
    if visible := plan.published_sentence():
        print(visible)
    if args.dry_run:
        return "（试运行：未写入，测试仍在进行）"
    import_id = closing.close(args.test_id, allow_incomplete=args.allow_incomplete, operator=command_line_operator())
    return (
        f"已结束第 {args.test_id} 号测试，各村(社区)结果已作为第 {import_id} 号导入写入（可用 undo {import_id} 撤销）。"
    )
