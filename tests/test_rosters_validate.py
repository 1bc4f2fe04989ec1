"""Validating whole rosters (graph/rosters/validate.py): row errors with exact row numbers,
columns and reasons; good rows kept; in-file checks; referenced keys. No database.

Fixtures (tests/fixtures/rosters/) are synthetic: identity numbers start with 430624 and carry
valid check digits unless a row plants an error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.rosters import ParsedRoster, RowError, in_load_order, validate_file

FIXTURES = Path(__file__).parent / "fixtures" / "rosters"


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def errors_of(parsed: ParsedRoster) -> list[tuple[int, str, str, str]]:
    return [(e.row, e.column, e.value, e.reason) for e in parsed.errors]


def good_rows(parsed: ParsedRoster) -> list[int]:
    return [row.row for row in parsed.rows]


# 户花名册 (GB18030, title row, full-width headers) ------------------------------------------


def test_household_roster_errors_and_good_rows() -> None:
    parsed = validate_file(FIXTURES / "households_gb18030.csv")
    assert (parsed.kind, parsed.name, parsed.header_row) == ("households", "户花名册", 3)
    assert errors_of(parsed) == [
        (5, "户主证件号码", "430624199001011235", "校验码错误（GB 11643），应为 3"),
        (
            6,
            "户主证件号码",
            "430624199902300011",
            "第7–14位的出生日期「19990230」不存在（GB 11643）",
        ),
        (7, "卡类", "蓝卡", "不在「卡类」代码表中"),
        (8, "户编号", "4306240101001", "与第4行重复"),
        (10, "危房等级", "", "是否危房户为「是」时必须填写危房等级"),
    ]
    assert parsed.errors[2].allowed == ("红卡", "黄卡", "绿卡")
    assert good_rows(parsed) == [4, 9]
    assert parsed.bad_rows == [5, 6, 7, 8, 10]
    assert parsed.rows_read == 7


def test_household_values_use_model_property_names() -> None:
    parsed = validate_file(FIXTURES / "households_gb18030.csv")
    row = parsed.rows[1]
    assert row.values == {
        "id": "4306240102001",
        "townshipName": "城关镇",
        "villageName": "东湖村",
        "hamlet": None,
        "headName": "周八",
        "headIdNumber": "43062419780301009X",  # written with a lower-case x
        "size": 4,
        "attribute": "DIBAO",
        "status": "OUT",  # system code 4
        "exitYear": 2019,
        "income": 5600.0,
        "dangerousHouse": True,
        "houseGrade": "C",
        "phone": "0730-1234567",
        "card": "YELLOW",
    }
    assert row.refs == {"village": ("城关镇", "东湖村")}
    assert parsed.references() == {"village": {("城关镇", "新建村"), ("城关镇", "东湖村")}}


def test_full_messages_name_file_row_column_value_reason_allowed() -> None:
    parsed = validate_file(FIXTURES / "households_gb18030.csv")
    assert [e.message for e in parsed.errors[:3]] == [
        "households_gb18030.csv 第5行 「户主证件号码」值「430624199001011235」："
        "校验码错误（GB 11643），应为 3",
        "households_gb18030.csv 第6行 「户主证件号码」值「430624199902300011」："
        "第7–14位的出生日期「19990230」不存在（GB 11643）",
        "households_gb18030.csv 第7行 「卡类」值「蓝卡」：不在「卡类」代码表中，可填：红卡、黄卡、绿卡",
    ]


def test_unknown_columns_are_reported_not_fatal() -> None:
    parsed = validate_file(FIXTURES / "households_gb18030.csv")
    assert parsed.unknown_columns == ["填表人"]
    assert parsed.warnings() == ["households_gb18030.csv：以下列不属于「户花名册」，已忽略：「填表人」"]
    assert all("填表人" not in row.values for row in parsed.rows)


def test_values_under_a_blank_header_are_reported(tmp_path: Path) -> None:
    lines = [
        "户编号,乡(镇),行政村,户主姓名,户主证件号码,脱贫状态,卡类",
        "4306240101001,城关镇,新建村,张三,430624198001010017,未脱贫,红卡,多余",
    ]
    parsed = validate_file(write(tmp_path, "h.csv", lines))
    assert parsed.unknown_columns == ["第8列（无列名）"]
    assert good_rows(parsed) == [2]


# 人口花名册 (UTF-8 with BOM) ---------------------------------------------------------------


def test_person_roster_errors_and_good_rows() -> None:
    parsed = validate_file(FIXTURES / "persons_utf8_bom.csv")
    assert parsed.kind == "persons"
    assert errors_of(parsed) == [
        (
            4,
            "文化程度、在校生状况",
            "小学 / 学前教育",
            "文化程度与在校生状况只能填一项：在校生填在校生状况，其他人填文化程度",
        ),
        (5, "出生日期", "1985-5", "日期格式无法识别"),
        (6, "证件号码", "430624198001010017", "与第2行重复"),
        (8, "健康状况", "健康,残疾", "「健康」不能与其他健康状况同时填写"),
        (9, "性别", "男", "与证件号码第17位表示的性别（女）不一致"),
    ]
    assert parsed.errors[1].allowed == (
        "YYYY-MM-DD",
        "YYYY/M/D",
        "YYYY.MM.DD",
        "YYYYMMDD",
        "YYYY年M月D日",
    )
    assert good_rows(parsed) == [2, 3, 7]
    first = parsed.rows[0]
    assert first.values["birthDate"] == date(1980, 1, 1)
    assert first.values["health"] == ["长期慢性病", "残疾"]
    assert first.values["migrantMonths"] == 6
    assert first.values["seriousIllnessInsurance"] is True
    assert first.refs == {"household": "4306240101001"}
    assert parsed.rows[2].values["idNumber"] == "43062419780301017X"
    assert parsed.rows[2].values["birthDate"] == date(1978, 3, 1)


def test_person_birth_date_and_gender_filled_from_id(tmp_path: Path) -> None:
    lines = ["户编号,姓名,证件号码,与户主关系", "4306240101001,刘梅,430624198505050020,配偶"]
    parsed = validate_file(write(tmp_path, "p.csv", lines))
    assert parsed.rows[0].values["birthDate"] == date(1985, 5, 5)
    assert parsed.rows[0].values["gender"] == "女"


def test_person_birth_date_disagreeing_with_id(tmp_path: Path) -> None:
    lines = [
        "户编号,姓名,出生日期,证件号码,与户主关系",
        "4306240101001,刘梅,1985-05-06,430624198505050020,配偶",
    ]
    parsed = validate_file(write(tmp_path, "p.csv", lines))
    assert errors_of(parsed) == [(2, "出生日期", "1985-05-06", "与证件号码中的出生日期（1985-05-05）不一致")]


def test_required_cell_empty(tmp_path: Path) -> None:
    lines = [
        "户编号,姓名,证件号码,与户主关系",
        "4306240101001,,430624198505050020,配偶",
        "4306240101001,张三,430624198001010017,户主",
    ]
    parsed = validate_file(write(tmp_path, "p.csv", lines))
    assert errors_of(parsed) == [(2, "姓名", "", "必填项不能为空")]
    assert good_rows(parsed) == [3]


def test_person_disability_grade_is_coded_and_grades_a_disability(tmp_path: Path) -> None:
    lines = [
        "户编号,姓名,证件号码,与户主关系,残疾类别,健康状况,残疾等级",
        "4306240101001,刘梅,430624198505050020,配偶,肢体残疾,,2级",
        "4306240101001,张三,430624198001010017,户主,,残疾,一级",
        "4306240101001,张四,430624198001010033,之子,,健康,三级",
        "4306240101001,张五,430624198001010076,之女,视力残疾,,五级",
    ]
    parsed = validate_file(write(tmp_path, "p.csv", lines))
    assert [r.values["disabilityGrade"] for r in parsed.rows] == ["二级", "一级"]
    assert errors_of(parsed) == [
        (4, "残疾等级", "三级", "填写残疾等级时须同时填写残疾类别（或健康状况含「残疾」）"),
        (5, "残疾等级", "五级", "不在「残疾等级」代码表中"),
    ]


def test_visit_satisfaction_is_coded(tmp_path: Path) -> None:
    lines = [
        "帮扶责任人证件号码,户编号,走访日期,满意度",
        "430624198001010017,4306240101001,2020-05-01,基本满意",
        "430624198001010017,4306240101001,2020-05-02,还行",
    ]
    parsed = validate_file(write(tmp_path, "visits.csv", lines))
    assert [r.values["satisfaction"] for r in parsed.rows] == ["BASIC"]
    assert errors_of(parsed) == [(3, "满意度", "还行", "不在「群众满意度」代码表中")]  # the header as written


# Other rosters ------------------------------------------------------------------------------


def test_pairing_end_before_start_and_duplicate(tmp_path: Path) -> None:
    lines = [
        "户编号,帮扶责任人证件号码,结对开始时间,结对结束时间",
        "4306240101001,430624197202020129,2019-03-01,",
        "4306240101002,430624197202020129,2019-03-01,2019-02-28",
        "4306240101003,430624197202020129,2019-03-01,2019-03-01",
        "4306240101001,430624197202020129,2019/3/1,",
    ]
    parsed = validate_file(write(tmp_path, "结对.csv", lines))
    assert parsed.kind == "pairings"
    assert errors_of(parsed) == [
        (3, "结对结束时间", "2019-02-28", "结对结束时间早于结对开始时间（2019-03-01）"),
        (
            5,
            "户编号、帮扶责任人证件号码、结对开始时间",
            "4306240101001 / 430624197202020129 / 2019/3/1",
            "与第2行重复（户编号、帮扶责任人证件号码、结对开始时间均相同）",
        ),
    ]
    assert good_rows(parsed) == [2, 4]
    assert parsed.rows[0].values == {
        "householdId": "4306240101001",
        "cadreIdNumber": "430624197202020129",
        "since": date(2019, 3, 1),
        "until": None,
    }
    assert parsed.rows[0].refs == {"household": "4306240101001", "cadre": "430624197202020129"}


def test_cadre_phone_unique(tmp_path: Path) -> None:
    lines = [
        "证件号码,姓名,帮扶单位,联系电话,是否第一书记",
        "430624197202020129,陈英,县农业农村局,13812345678,是",
        "430624196910010111,李强,县教育局,138-1234-5678,否",
    ]
    parsed = validate_file(write(tmp_path, "c.csv", lines))
    assert parsed.kind == "cadres"
    assert errors_of(parsed) == [(3, "联系电话", "138-1234-5678", "与第2行重复")]
    assert parsed.rows[0].values["isFirstSecretary"] is True
    assert parsed.rows[0].refs == {"unit": "县农业农村局"}


def test_unit_merger_needs_a_date(tmp_path: Path) -> None:
    lines = [
        "单位名称,单位类型,并入单位,并入日期",
        "县农业农村局,县直部门,,",
        "县畜牧水产局,县直部门,县农业农村局,",
        "县农机局,县直部门,县农业农村局,2019-03-01",
        "县扶贫办,其他,县扶贫办,2019-03-01",
        "县某公司,私营企业,,",
    ]
    parsed = validate_file(write(tmp_path, "u.csv", lines))
    assert parsed.kind == "units"
    assert errors_of(parsed) == [
        (3, "并入日期", "", "填写了并入单位时必须填写并入日期"),
        (5, "并入单位", "县扶贫办", "单位不能并入自身"),
        (6, "单位类型", "私营企业", "不在「单位类型」代码表中"),
    ]
    assert good_rows(parsed) == [2, 4]
    assert parsed.rows[1].values["since"] == date(2019, 3, 1)
    assert parsed.rows[1].refs == {"mergedInto": "县农业农村局"}


def test_attendance_needs_id_or_dingtalk(tmp_path: Path) -> None:
    lines = [
        "证件号码,钉钉账号,日期,打卡地点,是否在村",
        "430624197202020129,,2019-07-09 08:31,新建村村部,是",
        ",chenying01,2019-07-09,新建村村部,是",
        ",,2019-07-10,新建村村部,否",
    ]
    parsed = validate_file(write(tmp_path, "考勤.csv", lines))
    assert parsed.kind == "attendance"
    assert errors_of(parsed) == [(4, "证件号码、钉钉账号", "", "证件号码和钉钉账号至少填一项")]
    assert [row.refs for row in parsed.rows] == [
        {"cadre": "430624197202020129"},
        {"dingtalk": "chenying01"},
    ]
    assert parsed.rows[0].values["date"] == date(2019, 7, 9)


def test_attendance_with_only_dingtalk_column(tmp_path: Path) -> None:
    parsed = validate_file(write(tmp_path, "a.csv", ["钉钉账号,日期", "chenying01,2019-07-09"]))
    assert parsed.kind == "attendance"
    assert good_rows(parsed) == [2]


def test_team_station_forms_and_level_consistency(tmp_path: Path) -> None:
    lines = [
        "驻点村,派出单位,派出层级,队员证件号码,驻村职务,驻村起始时间",
        "430624101201,县农业农村局,县派,430624197202020129,第一书记兼队长,2019-03-01",
        "城关镇新建村,县教育局,县派,430624196910010111,队长,2019-03-01",
        "城关镇+东湖村,城关镇人民政府,乡派,430624196501010153,队员,2019-03-01",
        "430624101201,县农业农村局,乡派,430624197511200078,队员,2019-03-01",
        "新乡镇新乡村,县教育局,县派,430624197511200078,队员,2019-03-01",
    ]
    parsed = validate_file(write(tmp_path, "t.csv", lines))
    assert parsed.kind == "teams"
    assert [row.refs for row in parsed.rows] == [
        {"villageCode": "430624101201", "unit": "县农业农村局", "cadre": "430624197202020129"},
        {"village": ("城关镇", "新建村"), "unit": "县教育局", "cadre": "430624196910010111"},
        {"village": ("城关镇", "东湖村"), "unit": "城关镇人民政府", "cadre": "430624196501010153"},
    ]
    assert parsed.rows[0].values["role"] == "FIRST_SECRETARY_LEADER"
    assert parsed.rows[0].values["level"] == "COUNTY"
    assert [(e.row, e.column) for e in parsed.errors] == [(5, "派出层级"), (6, "驻点村")]
    assert parsed.errors[0].reason == ("同一工作队（驻点村+派出单位）的派出层级应相同：第2行为「COUNTY」")


def test_village_township_codes_agree(tmp_path: Path) -> None:
    lines = [
        "乡(镇),行政村,村代码,是否贫困村,退出年度",
        "城关镇,新建村,430624101201,是,2018",
        "城关镇,东湖村,430624101202,否,",
        "城关镇,西湖村,430624102203,否,",
        "城关镇,新建村,430624101209,否,",
        "金龙镇,南村,430624103201,否,2019",
    ]
    parsed = validate_file(write(tmp_path, "村.csv", lines))
    assert parsed.kind == "villages"
    assert errors_of(parsed) == [
        (
            4,
            "村代码",
            "430624102203",
            "同一乡(镇)的村代码前9位（乡镇代码）应相同：第2行为「430624101」",
        ),
        (5, "乡(镇)、行政村", "城关镇 / 新建村", "与第2行重复（乡(镇)、行政村均相同）"),
        (6, "退出年度", "2019", "是否贫困村为「否」的村不应有退出年度"),
    ]
    assert parsed.rows[0].values["townshipCode"] == "430624101"
    assert parsed.rows[0].values["exitYear"] == 2018


def test_loan_amounts_and_dates(tmp_path: Path) -> None:
    lines = [
        "户编号,贷款银行,贷款金额,放款日期,到期日期,贷款余额,是否逾期,逾期金额",
        '4306240101001,湘阴农商银行,"50,000",2018-03-01,2021-03-01,20000,否,0',
        "4306240101002,湘阴农商银行,50000,2018-03-01,2017-03-01,60000,是,70000",
        "4306240101003,湘阴农商银行,50000,2018-03-01,2021-03-01,10000,否,500",
    ]
    parsed = validate_file(write(tmp_path, "贷款.csv", lines))
    assert parsed.kind == "loans"
    assert errors_of(parsed) == [
        (3, "到期日期", "2017-03-01", "到期日期早于放款日期（2018-03-01）"),
        (3, "贷款余额", "60000", "贷款余额大于贷款金额（50,000.00）"),
        (3, "逾期金额", "70000", "逾期金额大于贷款余额（60,000.00）"),
        (4, "逾期金额", "500", "是否逾期为「否」，逾期金额却大于 0"),
    ]
    assert parsed.rows[0].values["amountFen"] == 5_000_000  # 50,000 yuan


def test_poverty_report_lists_and_refs(tmp_path: Path) -> None:
    lines = [
        "备案编号,户编号,类型,线索来源,比对部门,致贫原因,发现日期,核实日期,反馈部门,已落实措施部门",
        "BA2019001,4306240101001,返贫,部门比对,县卫生健康局,因病,2019-05-01,2019-05-10,"
        '"县卫生健康局、县医保局",县卫生健康局',
        "BA2019002,4306240101002,新增,部门比对,,因灾,2019-05-01,2019-04-30,,",
    ]
    parsed = validate_file(write(tmp_path, "备案.csv", lines))
    assert parsed.kind == "poverty_reports"
    assert errors_of(parsed) == [
        (3, "核实日期", "2019-04-30", "核实日期早于发现日期（2019-05-01）"),
        (3, "比对部门", "", "线索来源为「部门比对」时必须填写比对部门"),
    ]
    [row] = parsed.rows
    assert row.values["kind"] == "RETURNED"
    assert row.values["feedbackUnits"] == ["县卫生健康局", "县医保局"]
    assert row.refs == {
        "household": "4306240101001",
        "feedbackUnits": ("县卫生健康局", "县医保局"),
        "measureUnits": ("县卫生健康局",),
    }


def test_petition_refs(tmp_path: Path) -> None:
    lines = [
        "案件编号,登记日期,来源层级,乡(镇),行政村,户编号,办结日期",
        "XF2019001,2019-06-01,省级以上,城关镇,新建村,4306240101001,2019-06-20",
        "XF2019002,2019-06-01,市级,城关镇,,,",
        "XF2019001,2019-06-02,区级,城关镇,,,",
    ]
    parsed = validate_file(write(tmp_path, "信访.csv", lines))
    assert parsed.kind == "petitions"
    assert [row.refs for row in parsed.rows] == [
        {"township": "城关镇", "village": ("城关镇", "新建村"), "household": "4306240101001"},
        {"township": "城关镇"},
    ]
    assert parsed.rows[0].values["level"] == "PROVINCE"
    assert [(e.row, e.column, e.reason) for e in parsed.errors] == [
        (4, "来源层级", "不在「来源层级」代码表中"),
        (4, "案件编号", "与第2行重复"),
    ]


def test_errors_are_collected_not_raised(tmp_path: Path) -> None:
    lines = ["户编号,乡(镇),行政村,户主姓名,户主证件号码,脱贫状态,卡类"]
    lines += [f"43062401010{i:02d},城关镇,新建村,户主{i},bad,未脱贫,红卡" for i in range(50)]
    lines += ["4306240109999,城关镇,新建村,张三,430624198001010017,未脱贫,红卡"]
    parsed = validate_file(write(tmp_path, "h.csv", lines))
    assert len(parsed.errors) == 50
    assert all(isinstance(error, RowError) for error in parsed.errors)
    assert good_rows(parsed) == [52]


def test_in_load_order(tmp_path: Path) -> None:
    persons = validate_file(FIXTURES / "persons_utf8_bom.csv")
    households = validate_file(FIXTURES / "households_gb18030.csv")
    units = validate_file(write(tmp_path, "u.csv", ["单位名称,单位类型", "县扶贫办,县直部门"]))
    ordered = in_load_order([persons, households, units])
    assert [roster.kind for roster in ordered] == ["units", "households", "persons"]


def test_ref_error_names_the_columns_behind_a_ref(tmp_path: Path) -> None:
    # The writer reports unknown references with the same kind of message.
    parsed = validate_file(FIXTURES / "households_gb18030.csv")
    error = parsed.ref_error(parsed.rows[0], "village", "行政村不存在")
    assert error.message == (
        "households_gb18030.csv 第4行 「乡（镇）、行政村」值「城关镇 / 新建村」：行政村不存在"
    )
    lines = [
        "驻点村,派出单位,队员证件号码,驻村职务,驻村起始时间",
        "430624101201,县农业农村局,430624197202020129,队员,2019-03-01",
    ]
    teams = validate_file(write(tmp_path, "t.csv", lines))
    error = teams.ref_error(teams.rows[0], "villageCode", "村代码不存在")
    assert (error.row, error.column, error.value) == (2, "驻点村", "430624101201")
