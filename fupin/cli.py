"""`fupin`: the one console script (neo4j, migrate, serve, schema, seed, load, template, compare,
token, export); its help and argument errors are in Chinese (fupin/arguments.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import sys
import threading
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from core.settings import Settings, load_settings


def _neo4j(settings: Settings, action: str) -> int:
    from graph import server

    if settings.neo4j.uri:
        print(f"NEO4J_URI is set: fupin uses {settings.neo4j.uri}, not a managed server")
        return 0
    if action == "start":
        began = time.monotonic()
        uri = server.start(settings)
        print(
            f"Neo4j answers at {uri} ({time.monotonic() - began:.1f} s); home {server.paths(settings).root}"
        )
        return 0
    if action == "stop":
        print("Neo4j stopped" if server.stop(settings) else "Neo4j was not running")
        return 0
    running = server.status(settings)
    if running is None:
        print(f"Neo4j is not running (home {server.paths(settings).root})")
        return 3
    print(running)
    return 0


def _migrate(settings: Settings, repair: bool) -> int:
    from graph.connection import sync_driver, target
    from graph.migrate import migrate

    t = target(settings, start=True)
    with sync_driver(t) as driver:
        migrate(driver, t.database, settings.county_code, settings.county_name, repair=repair)
    print(f"constraints and indexes in place on {t.uri}")
    return 0


def _serve(settings: Settings, host: str, port: int, demo: bool | None) -> int:
    from fupin import logs, serving
    from fupin.asgi import create_app
    from fupin.demo import ensure_demo
    from graph.connection import sync_driver, target
    from graph.coverage import warm
    from graph.migrate import migrate

    logs.configure()
    t = target(settings, start=True)
    with sync_driver(t) as driver:
        migrate(driver, t.database, settings.county_code, settings.county_name)
        if demo if demo is not None else t.managed:
            ensure_demo(settings, driver, t.database)
    warming = warm.start(settings)
    if warming is not None:  # reaped when it ends (the API processes' supervisor may reap it first)
        threading.Thread(target=warming.wait, daemon=True).start()
    processes = settings.serving.processes
    print(f"fupin serves http://{host}:{port}/graphql (Neo4j {t.uri}, {processes} processes)", flush=True)
    if settings.dashboard:
        print(f"dashboard: http://{host}:{port}/", flush=True)
    if settings.development and not settings.security.jwt_public_key:
        token = _mint(settings, "COUNTY_ADMIN", None, "12h", "local-admin")
        print(f"local COUNTY_ADMIN token (12 h; `fupin token --role R` mints others):\n{token}", flush=True)
    app = create_app(settings, t)
    # The schema and the code loaded so far live as long as the process: frozen out of the cyclic
    # collector, a full collection no longer walks their ~87,000 objects (100 ms → 0 ms here).
    gc.collect()
    gc.freeze()
    serving.run(app, host, port, settings.security.max_header_bytes, processes)
    return 0


def _seed(households: int, seed: int, out: str, fmt: str, history: bool = False) -> int:
    from pathlib import Path

    from seeds.generate import generate
    from seeds.history import MIN_HISTORY_HOUSEHOLDS, generate_history

    began = time.monotonic()
    if history:
        if households < MIN_HISTORY_HOUSEHOLDS:
            print(f"fupin seed --history：户数至少 {MIN_HISTORY_HOUSEHOLDS}", file=sys.stderr)
            return 2
        try:
            days = generate_history(households, seed, Path(out), fmt)["days"]  # type: ignore[arg-type]
        except ValueError as error:  # a county too small for one of the changes
            print(
                f"fupin seed --history：此县无法构造历史（{error}），请增加户数或换一个种子", file=sys.stderr
            )
            return 2
        print(f"{households} households on {', '.join(days)} in {out} ({time.monotonic() - began:.1f} s)")
        print("load them in order: " + "; ".join(f"fupin load {out}/{d} --snapshot {d}" for d in days))
        return 0
    manifest = generate(households, seed, Path(out), fmt)  # type: ignore[arg-type]
    rows = sum(manifest.counts.values())
    print(f"{households} households, {rows} roster rows in {out} ({time.monotonic() - began:.1f} s)")
    return 0


UNREACHABLE = (
    "fupin load：无法连接数据库 {uri}（{error}）：请确认 Neo4j 已启动（fupin neo4j status），"
    "本次未写入任何数据"
)
INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C
LOST = (
    "fupin load：数据库连接中断（{error}）。已提交的批次保留；重新运行同一命令即可补全，"
    "重复导入不会产生重复数据"
)


class _DriverNotices(logging.Handler):
    """The driver's own warnings (English, repeated while it retries for up to ~30 s) become one
    Chinese line on the first of them; the rest is not shown."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.told = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.told:
            self.told = True
            print("数据库连接出现问题，正在重试（最多约 30 秒）……", file=sys.stderr, flush=True)


def _quiet_driver() -> None:
    driver_log = logging.getLogger("neo4j")
    driver_log.handlers = [_DriverNotices()]
    driver_log.propagate = False


def _load(settings: Settings, args: argparse.Namespace) -> int:
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    from graph.connection import sync_driver, target
    from graph.load import LoadAborted, load, summary, write_report
    from graph.load.report import default_directory
    from graph.migrate import migrate

    _quiet_driver()
    t = target(settings, start=True)
    with sync_driver(t) as driver:
        try:
            driver.verify_connectivity()  # fails at once, where a transaction retries for ~30 s
        except (ServiceUnavailable, SessionExpired, OSError) as error:
            print(UNREACHABLE.format(uri=t.uri, error=type(error).__name__), file=sys.stderr)
            return 3
        try:
            if not args.dry_run:  # constraints make MERGE by key an index seek; a dry run writes nothing
                migrate(driver, t.database, settings.county_code, settings.county_name)
            result = load(
                args.paths,
                driver,
                t.database,
                dry_run=args.dry_run,
                snapshot=args.snapshot,
                batch_size=args.batch_size,
                actor=args.actor,
                low_income_factor=settings.thresholds.low_income_factor,
            )
        except LoadAborted as error:
            print(f"fupin load：{error}", file=sys.stderr)
            return 2
        except (ServiceUnavailable, SessionExpired, TransientError, OSError) as error:
            print(LOST.format(error=type(error).__name__), file=sys.stderr)
            return 3
    print(summary(result))
    report = write_report(result, args.report or default_directory(settings.home / "reports"))
    files = "summary.txt，errors.xlsx" if result.errors or result.file_errors else "summary.txt"
    print(f"报告：{report.resolve()}（{files}）")
    if result.interrupted:
        print("已中断：重新运行同一命令即可补全（已写入的行计为未变，不会重复）", file=sys.stderr)
        return INTERRUPTED
    return result.exit_status


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from core.errors import UserError
    from fupin.export.shell import export_file, principal, variables_of
    from graph.connection import target

    try:
        who = principal(args.role, args.scope)
        variables = variables_of(args.variables)
        rows = export_file(settings, target(settings, start=True), args.query_file, args.out, variables,
                           args.operation, who)  # fmt: skip
    except UserError as error:
        print(f"fupin export: {error.message} [{error.extensions['code']}]", file=sys.stderr)
        return 2
    print(f"{rows} 行 → {args.out}")
    return 0


def _compare(settings: Settings, args: argparse.Namespace) -> int:
    import getpass

    from graph.compare.formats import DEPARTMENTS
    from graph.compare.run import run_compare, summary, write_report
    from graph.connection import sync_driver, target
    from graph.load.progress import Progress
    from graph.migrate import migrate
    from graph.rosters import FileError

    t = target(settings, start=True)
    with sync_driver(t) as driver:
        migrate(driver, t.database, settings.county_code, settings.county_name)
        try:
            result = run_compare(
                args.file, DEPARTMENTS[args.department], driver, t.database, settings.county_code,
                as_of=args.as_of, actor=args.actor or getpass.getuser(), progress=Progress(),
            )  # fmt: skip
        except FileError as error:
            print(f"fupin compare: {error.message}", file=sys.stderr)
            return 2
    print(summary(result))
    report = (
        args.report or settings.home / "reports" / f"compare-{args.department}-{result.day.isoformat()}.xlsx"
    )
    report.parent.mkdir(parents=True, exist_ok=True)
    print(f"报告：{write_report(result, report).resolve()}（按乡镇分表的疑点清单）")
    return 0


def _template(kinds: list[str], out: Path) -> int:
    from graph.rosters.template import templates

    try:
        written = templates(kinds, out)
    except KeyError as error:
        from graph.rosters import SPECS

        names = "、".join(spec.name for spec in SPECS)
        print(f"fupin template：没有花名册「{error.args[0]}」；可选：{names}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是日期（应为 YYYY-MM-DD）：{text!r}") from None


def _snapshot(text: str) -> date:
    """A snapshot describes rosters as they were: never after today."""
    day = _date(text)
    if day > date.today():
        raise argparse.ArgumentTypeError(f"快照日期不能晚于今天（{date.today().isoformat()}）：{text}")
    return day


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text!r}")
    return int(text)


def _ttl(text: str) -> dt.timedelta:
    """`90m`, `8h`, `7d`, or seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (text[:-1], text[-1]) if text[-1:] in units else (text, "s")
    if not number.isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(f"不是有效期（如 90m、8h、7d）：{text!r}")
    return dt.timedelta(seconds=int(number) * units[unit])


def _mint(settings: Settings, role: str, scope: str | None, ttl: str, subject: str | None) -> str:
    from core.principal import Role
    from fupin import auth

    return auth.mint(auth.keys(settings), Role(role), scope, _ttl(ttl), subject)


def _schema() -> int:
    from fupin.api import SCHEMA

    print(SCHEMA.as_str())
    return 0


def _departments() -> list[str]:
    from graph.compare.formats import DEPARTMENTS

    return list(DEPARTMENTS)


def _roles() -> list[Any]:
    from core.principal import Role

    return list(Role)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fupin", description="fupin：县扶贫工作的 GraphQL 服务与花名册导入")
    commands = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")
    neo4j = commands.add_parser("neo4j", help="管理 $FUPIN_HOME 中的本地 Neo4j（start / stop / status）")
    neo4j.add_argument(
        "action", choices=["start", "stop", "status"], help="start 启动，stop 停止，status 状态"
    )
    migrate = commands.add_parser("migrate", help="建立约束、索引和基础节点，更新派生数据")
    migrate.add_argument(
        "--repair",
        action="store_true",
        help="重算全部派生数据（直接用 Cypher 改过数据之后；默认只在其定义随版本变化时重算）",
    )
    serve = commands.add_parser("serve", help="提供 GraphQL 服务")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument(
        "--demo",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="空数据库时载入演示县（默认：仅本地托管的 Neo4j）",
    )
    commands.add_parser("schema", help="输出 GraphQL SDL")
    load = commands.add_parser(
        "load",
        help="导入花名册（.csv、.xlsx、.xls 文件或其所在目录）",
        description="导入花名册。退出码：0 全部导入；1 有被拒绝的行或未能导入的文件（其余已导入，"
        "见 errors.xlsx）；2 没有写入任何数据；3 导入中数据库连接中断；130 被 Ctrl-C 中断"
        "（重新运行同一命令即可补全）。",
    )
    load.add_argument("paths", nargs="+", type=Path, metavar="路径", help="花名册文件或目录")
    load.add_argument("--dry-run", action="store_true", help="只校验（含引用检查），不写入")
    load.add_argument(
        "--snapshot",
        type=_snapshot,
        metavar="日期",
        help="花名册是该日（YYYY-MM-DD，不晚于今天）的完整名单：其中没有的在岗结对、驻村关系于该日结束，"
        "卡类、帮扶单位变更于该日生效（默认：导入当天）",
    )
    load.add_argument(
        "--actor", metavar="姓名", help="导入人：本次导入的审计记录所记的人（默认：操作系统用户名）"
    )
    load.add_argument(
        "--batch-size", type=_positive, default=5000, metavar="N", help="每个事务写入的行数（默认 5000）"
    )
    load.add_argument(
        "--report", type=Path, metavar="目录", help="报告目录（默认 $FUPIN_HOME/reports/load-<时间>）"
    )
    template = commands.add_parser(
        "template",
        help="生成空白花名册模板（.xlsx：表头、必填标记、下拉选项、填写说明）",
        description="生成空白花名册模板。不指定花名册时生成全部。",
    )
    template.add_argument("rosters", nargs="*", metavar="花名册", help="花名册名称，如 户花名册、人口花名册")
    template.add_argument("--out", type=Path, required=True, metavar="目录", help="模板写入的目录")
    compare = commands.add_parser(
        "compare",
        help="部门数据比对：将部门名单与建档立卡库比对，保留疑点",
        description="退出码：0 已比对；2 文件无法读取、不是该部门的名单或未写明数据日期。",
    )
    compare.add_argument("--department", required=True, choices=sorted(_departments()), help="部门")
    compare.add_argument("file", type=Path, metavar="文件")
    compare.add_argument("--as-of", type=_date, metavar="日期", help="名单所述日期（默认：标题行写明的日期）")
    compare.add_argument("--actor", metavar="姓名", help="比对人：审计记录所记的人（默认：操作系统用户名）")
    compare.add_argument(
        "--report",
        type=Path,
        metavar="XLSX",
        help="报告文件（默认 $FUPIN_HOME/reports/compare-<部门>-<日期>.xlsx）",
    )
    seed = commands.add_parser("seed", help="生成一个合成县的全部花名册（用于试用和测试）")
    seed.add_argument(
        "--households", type=_positive, default=2000, metavar="N", help="户数，至少 1（默认 2000）"
    )
    seed.add_argument("--seed", type=int, default=2019, help="随机种子（默认 2019）")
    seed.add_argument("--out", required=True, metavar="目录", help="写入的目录")
    seed.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="文件格式（默认 csv）")
    seed.add_argument(
        "--history",
        action="store_true",
        help="按三个日期（2019-06-30、2019-12-31、2020-06-30）各写一个目录，其间有变化，"
        "并写 history.json（各日期的预期结果）；依次用 fupin load 目录/日期 --snapshot 日期 导入",
    )
    token = commands.add_parser(
        "token",
        help="签发开发和测试用的访问令牌",
        description="以 FUPIN_JWT_SECRET（HS256）、FUPIN_JWT_PRIVATE_KEY（RS256）或本地托管目录生成的"
        "密钥签名。范围：乡镇代码（TOWNSHIP_OFFICER）、村代码（VILLAGE_OFFICER）、帮扶责任人 uid（CADRE）"
        "或单位名称（DEPARTMENT）。",
    )
    token.add_argument("--role", required=True, choices=[r.value for r in _roles()], help="角色")
    token.add_argument("--scope", help="范围（见上）")
    token.add_argument("--ttl", type=str, default="8h", help="有效期：90m、8h、7d（默认 8h）")
    token.add_argument("--subject", help="令牌的 sub（默认：角色加随机后缀）")
    export = commands.add_parser(
        "export",
        help="导出：列表或覆盖情况查询的全部页为 .xlsx",
        description="以 ROLE 身份经 API 的 schema、范围和脱敏执行查询文件（读取一个列表的 GraphQL 查询），"
        "把全部页写成电子表格；留审计记录。输入有误时退出码 2。",
    )
    export.add_argument("query_file", type=Path, metavar="查询文件")
    export.add_argument("--out", type=Path, required=True, metavar="F.xlsx", help="写入的文件")
    export.add_argument("--variables", help="JSON 对象，或 @文件")
    export.add_argument("--operation", help="文件含多个操作时要执行的那个")
    export.add_argument("--role", default="COUNTY_ADMIN", choices=[r.value for r in _roles()], help="角色")
    export.add_argument("--scope", help="角色的范围：乡镇或村代码、干部编号、单位")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from fupin.arguments import chinese

    chinese()
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("\n已中断（Ctrl-C）", file=sys.stderr)
        return INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    if args.command == "template":
        return _template(args.rosters, args.out)
    settings = load_settings()
    from graph.runtime import Neo4jSetupError

    try:
        if args.command == "neo4j":
            return _neo4j(settings, args.action)
        if args.command == "migrate":
            return _migrate(settings, args.repair)
        if args.command == "serve":
            return _serve(settings, args.host, args.port, args.demo)
        if args.command == "seed":
            return _seed(args.households, args.seed, args.out, args.format, args.history)
        if args.command == "load":
            return _load(settings, args)
        if args.command == "export":
            return _export(settings, args)
        if args.command == "compare":
            return _compare(settings, args)
        if args.command == "token":
            try:
                print(_mint(settings, args.role, args.scope, args.ttl, args.subject))
            except (ValueError, argparse.ArgumentTypeError) as error:
                print(f"fupin token：{error}", file=sys.stderr)
                return 2
            return 0
        return _schema()
    except Neo4jSetupError as error:
        print(f"fupin：{error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
