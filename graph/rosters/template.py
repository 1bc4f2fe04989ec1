"""`fupin template`: an empty .xlsx per roster that clerks fill in, so that fewer rows are
rejected: the headers (required ones marked `*`, which the reader ignores), a dropdown (data
validation) on every column with a code list or 是/否, identity numbers, 户编号 and other keys
formatted as text (Excel keeps all their digits), and a sheet 填写说明 explaining each column.
A filled-in template loads as it is (`fupin load`): the reader passes over the other sheets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.values import MAX_NAME, MAX_TEXT
from graph.rosters import values as v
from graph.rosters.codes import CodeList
from graph.rosters.specs import SPECS, Column, RosterSpec, spec_for

ROWS = 2000  # rows the dropdowns and text format cover
REQUIRED = Font(bold=True, color="C00000")
HEADER = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDEBF7")
TEXT = "@"
YES_NO = ("是", "否")
# Columns whose values are keys or digits that must stay text (no rounding, no lost zeros).
TEXT_PARSERS = {v.id_number, v.household_id, v.key, v.village_code, v.phone, v.station}
DATES = "日期，如 2019-03-05（也可写 2019/3/5、2019.3.5、20190305、2019年3月5日）"
DESCRIPTIONS: dict[Callable[[str], object], str] = {
    v.id_number: "18 位居民身份证号码（末位可为 X，须符合 GB 11643 校验码）；无身份证人员填 20 或 22 位"
    "编号。请以文本填写",
    v.household_id: "户编号（全国扶贫开发信息系统的编号），请以文本填写，勿转成数字",
    v.key: "编号，请以文本填写",
    v.village_code: "12 位行政区划代码（村代码），请以文本填写",
    v.station: "驻点村：12 位村代码，或「乡(镇)+行政村」，如「东塘镇+红星村」",
    v.date_value: DATES,
    v.past_date: DATES + "，不能晚于今天",
    v.boolean: "是 或 否",
    v.money: "金额（元），可带两位小数",
    v.income: "金额（元），可带两位小数",
    v.year: "4 位年份，如 2019",
    v.count: "非负整数",
    v.months: "0–12 的整数（月）",
    v.household_size: "家庭人口数，正整数",
    v.phone: "手机号（11 位）或带区号的固定电话",
    v.health: "健康、长期慢性病、患有大病、残疾（可填多项，以顿号分隔；健康不与其他项同填）",
    v.names: "单位名称，多个以顿号分隔",
    v.name: f"文字，不超过 {MAX_NAME} 字",
    v.text: f"文字，不超过 {MAX_TEXT} 字",
}


def templates(kinds: list[str], directory: Path) -> list[Path]:
    """Write one template per roster (all rosters when `kinds` is empty); returns the files.
    Raises KeyError for a roster name or kind that does not exist."""
    specs = [spec_for(kind) for kind in kinds] if kinds else list(SPECS)
    directory.mkdir(parents=True, exist_ok=True)
    return [write_template(spec, directory / f"{spec.name}.xlsx") for spec in specs]


def describe(column: Column) -> str:
    coded = v.CODE_LISTS.get(column.parse)
    if coded is not None:
        codes, several = coded
        return "可填：" + "、".join(codes.shown) + ("（可填多项，以顿号分隔）" if several else "")
    return DESCRIPTIONS.get(column.parse, "文字")


def write_template(spec: RosterSpec, path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = spec.name
    lists = workbook.create_sheet("代码表")
    guide = workbook.create_sheet("填写说明")
    listed: dict[str, str] = {}  # code list name → its range on 代码表
    for c, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(c)
        cell = sheet.cell(row=1, column=c, value=("*" if column.required else "") + column.header)
        cell.font, cell.fill = (REQUIRED if column.required else HEADER), FILL
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        if column.parse in TEXT_PARSERS:
            sheet.column_dimensions[letter].number_format = TEXT
            for row in range(2, ROWS + 2):
                sheet.cell(row=row, column=c).number_format = TEXT
        choices = _choices(column)
        if choices is not None:
            name, shown = choices
            if name not in listed:
                col = get_column_letter(len(listed) + 1)
                lists.cell(row=1, column=len(listed) + 1, value=name)
                for r, value in enumerate(shown, start=2):
                    lists.cell(row=r, column=len(listed) + 1, value=value)
                listed[name] = f"代码表!${col}$2:${col}${len(shown) + 1}"
            multi = v.CODE_LISTS.get(column.parse, (None, False))[1]
            rule = DataValidation(type="list", formula1=listed[name], allow_blank=True)
            rule.showErrorMessage = not multi  # several entries may be typed into one cell
            rule.errorTitle, rule.error = "不在代码表中", f"请从下拉列表中选择「{name}」"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{ROWS + 1}")
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    guide.append(["列名", "是否必填", "填写要求"])
    for cell in guide[1]:
        cell.font = HEADER
    for column in spec.columns:
        guide.append([column.header, "必填" if column.required else "", describe(column)])
    if spec.any_of:
        guide.append(["", "", "、".join("和".join(group) + "至少填一项" for group in spec.any_of)])
    guide.append([])
    guide.append(["", "", "带 * 的列必填（* 不必删除）。同一行的列可任意排列；本表另两张工作表导入时忽略。"])
    guide.column_dimensions["A"].width, guide.column_dimensions["C"].width = 24, 90
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True)
    workbook.save(path)
    return path


def _choices(column: Column) -> tuple[str, tuple[str, ...]] | None:
    coded: tuple[CodeList, bool] | None = v.CODE_LISTS.get(column.parse)
    if coded is not None:
        return coded[0].name, coded[0].shown
    if column.parse is v.boolean:
        return "是否", YES_NO
    return None
