"""Value parsers of the roster loader (graph/rosters/values.py): no database."""

from __future__ import annotations

from datetime import date

import pytest

from graph.rosters import codes
from graph.rosters import values as v
from graph.rosters.errors import Invalid


def reason(parser: v.Parser, raw: str) -> str:
    with pytest.raises(Invalid) as caught:
        parser(raw)
    return caught.value.reason


# Identity numbers (GB 11643) ---------------------------------------------------------------


def test_check_digit_of_the_standard_example() -> None:
    # The worked example of GB 11643-1999 itself.
    assert v.check_digit("11010519491231002") == "X"
    assert v.check_digit("43062419900101123") == "3"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("430624198001010017", "430624198001010017"),
        ("43062419780301009X", "43062419780301009X"),
        ("43062419780301009x", "43062419780301009X"),
        (" 430624198001010017 ", "430624198001010017"),
        ("'430624198001010017", "430624198001010017"),
        ("４３０６２４１９８００１０１００１７", "430624198001010017"),
        ("43062419800101001700", "43062419800101001700"),  # 20 digits: unchecked
        ("4306241980010100170012", "4306241980010100170012"),  # 22 digits: unchecked
    ],
)
def test_id_number_accepted(raw: str, expected: str) -> None:
    assert v.id_number(raw) == expected


def test_id_number_wrong_check_digit_names_the_right_one() -> None:
    assert reason(v.id_number, "430624199001011235") == "校验码错误（GB 11643），应为 3"
    assert reason(v.id_number, "430624197803010091") == "校验码错误（GB 11643），应为 X"


def test_id_number_impossible_birth_date() -> None:
    assert reason(v.id_number, "430624199902300011") == ("第7–14位的出生日期「19990230」不存在（GB 11643）")
    assert "晚于今天" in reason(v.id_number, "430624209901010011")


@pytest.mark.parametrize(
    "raw",
    ["43062419800101001", "4306241980010100171", "43062419800101001Y", "ABC", "430624800101001"],
)
def test_id_number_bad_shape(raw: str) -> None:
    assert reason(v.id_number, raw).startswith("不是有效的证件号码：居民身份证号码为 18 位")


def test_id_number_mangled_by_excel() -> None:
    assert "科学计数法" in reason(v.id_number, "4.30624E+17")


def test_birth_date_and_gender_of_id() -> None:
    assert v.birth_date_of("430624198505050020") == date(1985, 5, 5)
    assert v.gender_of("430624198505050020") == "女"
    assert v.gender_of("430624198001010017") == "男"
    assert v.birth_date_of("43062419800101001700") is None


# Dates and numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2019-07-09",
        "2019/7/9",
        "2019/07/09",
        "2019.07.09",
        "20190709",
        "2019年7月9日",
        "2019年07月09日",
        "2019-07-09 00:00:00",
        "2019-07-09T08:30:00",
        "2019-07-09 08:31",
        "２０１９－０７－０９",
    ],
)
def test_dates_accepted(raw: str) -> None:
    assert v.date_value(raw) == date(2019, 7, 9)


@pytest.mark.parametrize("raw", ["2019-7", "09/07/2019", "2019-07/09", "七月九日", "2019 07 09"])
def test_malformed_date(raw: str) -> None:
    with pytest.raises(Invalid) as caught:
        v.date_value(raw)
    assert caught.value.reason == "日期格式无法识别"
    assert caught.value.allowed == v.DATE_FORMATS


def test_impossible_and_out_of_range_dates() -> None:
    assert reason(v.date_value, "20190230") == "日期不存在"
    assert reason(v.date_value, "2019-13-01") == "日期不存在"
    assert reason(v.date_value, "1850-01-01") == "年份超出范围（1900–2100）"


@pytest.mark.parametrize(
    "raw, expected",
    [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True), ("0", False)],
)
def test_booleans(raw: str, expected: bool) -> None:
    assert v.boolean(raw) is expected


def test_boolean_outside_list() -> None:
    with pytest.raises(Invalid) as caught:
        v.boolean("有")
    assert caught.value.allowed == ("是", "否", "Y", "N", "1", "0")


@pytest.mark.parametrize(
    "raw, fen",
    [("12,345.67", 1234567), ("3200", 320000), ("¥1,000元", 100000), ("１２３", 12300), ("0.1", 10)],
)
def test_money_is_read_in_yuan_and_kept_in_fen(raw: str, fen: int) -> None:
    assert v.money(raw) == fen
    assert v.income(raw) == fen / 100


def test_bad_amounts() -> None:
    assert reason(v.money, "abc") == "不是有效的金额，应为数字，如 12,345.67"
    assert reason(v.money, "-5") == "金额不能为负数"
    assert reason(v.income, "-1000000000") == "金额不能为负数"
    assert reason(v.money, "10000000.01") == "金额不能超过 10,000,000 元"
    assert reason(v.money, "1" + "0" * 308) == "金额不能超过 10,000,000 元"
    assert reason(v.money, "12.345") == "金额最多精确到分（两位小数）"


def test_counts_years_months() -> None:
    assert v.count("4") == 4
    assert v.count("4.0") == 4
    assert reason(v.count, "4.5") == "应为整数"
    assert reason(v.count, "-1") == "应为 0–1000000 的整数"
    assert reason(v.count, "9" * 30) == "应为整数"  # no int of thousands of digits is ever made
    assert v.year("2019") == v.year("2019年") == 2019
    assert "4 位年份" in reason(v.year, "19")
    assert reason(v.year, "-1") == reason(v.year, "二〇一九") == "年度应为 4 位年份（1980–2100），如 2019"
    assert v.months("12") == 12
    assert reason(v.months, "13") == "应为 0–12 的整数（月）"


@pytest.mark.parametrize("raw", ["0", "-5", "31"])
def test_household_size_is_1_to_30(raw: str) -> None:
    assert v.household_size("30") == 30
    assert reason(v.household_size, raw) == "家庭人口数应为 1–30 的整数"


# Keys, names and text ----------------------------------------------------------------------


def test_household_id_is_letters_and_digits() -> None:
    assert v.household_id(" 4306240101001 ") == "4306240101001"
    assert v.household_id("H-9") == "H-9"
    refused = "户编号应由字母和数字组成（可含连字符 -），最多 32 位"
    assert reason(v.household_id, "第9户") == refused
    assert reason(v.household_id, "H" * 33) == refused
    assert "科学计数法" in reason(v.household_id, "4.30624E+15")


def test_names_and_text_are_printable_and_bounded() -> None:
    assert v.name(" 张  三\n") == "张 三"
    assert v.text(" 发现问题：\n住房漏雨 ") == "发现问题：\n住房漏雨"
    assert reason(v.name, "张\x00三") == "第 2 个字符是不可见的控制字符（U+0000），不能保存"
    assert reason(v.text, "漏雨\x00") == "第 3 个字符是不可见的控制字符（U+0000），不能保存"
    assert reason(v.text, "\ud800") == "第 1 个字符是不可见的控制字符（U+D800），不能保存"
    assert reason(v.name, "名" * 101) == "过长：101 个字符，最多 100 个"
    assert reason(v.text, "字" * 2001) == "过长：2001 个字符，最多 2000 个"
    assert reason(v.key, "X" * 65) == "过长：65 个字符，最多 64 个"


# Code lists ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("未脱贫", "NOT_OUT"),
        ("0", "NOT_OUT"),
        ("已脱贫", "OUT"),
        ("1", "OUT"),
        ("返贫", "RETURNED"),
        ("3", "RETURNED"),
        ("4", "OUT"),  # decision: code 4 is an exited sub-state (codes.STATUS_CODE_4)
    ],
)
def test_status_codes(raw: str, expected: str) -> None:
    assert v.coded(codes.STATUS)(raw) == expected


def test_status_code_2_is_rejected_with_the_list() -> None:
    with pytest.raises(Invalid) as caught:
        v.coded(codes.STATUS)("2")
    assert caught.value.reason == "不在「脱贫状态」代码表中"
    assert caught.value.allowed == ("未脱贫（0）", "已脱贫（1、4）", "返贫（3）")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("一般贫困户", "ORDINARY"),
        ("01", "ORDINARY"),
        ("1", "ORDINARY"),
        ("低保贫困户", "DIBAO"),
        ("04", "DIBAO"),
        ("特困供养贫困户", "TEKUN"),
        ("06", "TEKUN"),
        ("6", "TEKUN"),
    ],
)
def test_household_attribute(raw: str, expected: str) -> None:
    assert v.coded(codes.ATTRIBUTE)(raw) == expected


@pytest.mark.parametrize(
    "code_list, raw, expected",
    [
        (codes.CARD, "红卡", "RED"),
        (codes.CARD, " 黄卡 ", "YELLOW"),
        (codes.CARD, "绿卡", "GREEN"),
        (codes.DISPATCH_LEVEL, "县派", "COUNTY"),
        (codes.DISPATCH_LEVEL, "乡派", "TOWNSHIP"),
        (codes.TEAM_ROLE, "第一书记兼队长", "FIRST_SECRETARY_LEADER"),
        (codes.TEAM_ROLE, "队长", "LEADER"),
        (codes.TEAM_ROLE, "队员", "MEMBER"),
        (codes.PETITION_LEVEL, "省级以上", "PROVINCE"),
        (codes.PETITION_LEVEL, "市级", "CITY"),
        (codes.PETITION_LEVEL, "县级", "COUNTY"),
        (codes.REPORT_KIND, "新增", "NEW"),
        (codes.DUTY, "县级联系领导", "RESPONSIBLE_FOR"),
        (codes.HOUSE_GRADE, "c", "C"),
        (codes.HOUSE_GRADE, "Ｄ级", "D"),
        (codes.CAUSE, "其他", "其它"),
        (codes.SCHOOLING, "普通高中二年级", "普通高中二年级"),
    ],
)
def test_code_lists(code_list: codes.CodeList, raw: str, expected: str) -> None:
    assert v.coded(code_list)(raw) == expected


def test_house_grade_outside_list() -> None:
    with pytest.raises(Invalid) as caught:
        v.coded(codes.HOUSE_GRADE)("E")
    assert caught.value.allowed == ("A", "B", "C", "D")


def test_health_lists() -> None:
    assert v.health("长期慢性病,残疾") == ["长期慢性病", "残疾"]
    assert v.health("长期慢性病，患有大病、残疾") == ["长期慢性病", "患有大病", "残疾"]
    assert v.health("健康") == ["健康"]
    assert reason(v.health, "健康、残疾") == "「健康」不能与其他健康状况同时填写"
    assert reason(v.health, "残疾,感冒") == "「感冒」不在「健康状况」代码表中"


def test_other_causes_list() -> None:
    assert v.coded_list(codes.CAUSE)("因病、缺资金,其他") == ["因病", "缺资金", "其它"]


# Places and phones ---------------------------------------------------------------------------


def test_village_code() -> None:
    assert v.village_code("430624101201") == "430624101201"
    assert reason(v.village_code, "43062410120") == "村代码应为 12 位数字（统计用区划代码）"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0730-1234567", "0730-1234567"),
        ("(0730)1234567", "0730-1234567"),
        ("（0730）2234567", "0730-2234567"),
        ("07302234567", "0730-2234567"),
        ("010-62345678", "010-62345678"),
        ("0730-2234567-801", "0730-2234567-801"),
    ],
)
def test_phones(raw: str, expected: str) -> None:
    assert v.phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "1381234567", "23812345678", "0730-123"])
def test_bad_phones(raw: str) -> None:
    assert reason(v.phone, raw).startswith("电话号码格式不对")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("430624101201", "430624101201"),
        ("城关镇+新建村", "城关镇+新建村"),
        ("城关镇 新建村", "城关镇+新建村"),
        ("城关镇－新建村", "城关镇+新建村"),
        ("城关镇/新建村", "城关镇+新建村"),
        ("城关镇新建村", "城关镇+新建村"),
        ("文星街道城西社区", "文星街道+城西社区"),
        ("杨林寨乡杨林村", "杨林寨乡+杨林村"),
    ],
)
def test_station_forms(raw: str, expected: str) -> None:
    assert v.station(raw) == expected


@pytest.mark.parametrize("raw", ["新乡镇新乡村", "新建村", "4306241012", "城关镇+新建村+一组"])
def test_station_ambiguous(raw: str) -> None:
    assert reason(v.station, raw).startswith(("无法确定乡镇与行政村", "村代码应为 12 位"))
