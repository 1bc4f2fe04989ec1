"""Identity numbers as departments write them are folded to the register's form (no database)."""

from __future__ import annotations

import pytest

from core.values import Invalid
from graph.compare.ids import folded, upgrade, valid
from graph.rosters.values import check_digit

FIRST17 = "43062419700101123"
NUMBER = FIRST17 + check_digit(FIRST17)


def test_full_width_spaces_and_lower_case_x_fold_to_the_register_form() -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) for c in NUMBER[:17])
    assert folded(f" {wide[:6]} {wide[6:]}{NUMBER[17].lower()} ") == NUMBER
    assert folded("43062419900101001x") == "43062419900101001X"


def test_a_15_digit_number_is_upgraded_with_its_check_digit() -> None:
    old = NUMBER[:6] + NUMBER[8:17]
    assert upgrade(old) == NUMBER
    assert folded(old) == NUMBER and valid(folded(old))


def test_a_wrong_check_digit_is_kept_but_not_valid() -> None:
    wrong = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    assert folded(wrong) == wrong
    assert not valid(wrong)
    assert not valid(FIRST17[:6] + "19701301123" + "0")  # no 13th month


def test_no_number_shape_is_refused() -> None:
    with pytest.raises(Invalid):
        folded("无")
