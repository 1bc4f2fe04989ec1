"""The command line in Chinese: argparse's own words (usage, options, its error messages) are
translated, so that help and argument errors read in one language for county staff.

argparse looks its words up through the module's `_` (gettext) at the moment it uses them;
`chinese()` points that lookup at the table below for the life of the process (the `fupin`
console script only)."""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（加 -h 查看用法）\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "取值无效：%(value)r",
    "expected one argument": "需要一个取值",
    "expected at least one argument": "至少需要一个取值",
    "expected at most one argument": "最多只能有一个取值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 须至少给出一个",
    "ignored explicit argument %r": "多余的取值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可用命令：%(choices)s）"
    ),
    "expected %s argument": "需要 %s 个取值",
    "expected %s arguments": "需要 %s 个取值",
}


def _translate(text: str) -> str:
    return WORDS.get(text, text)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


def chinese() -> None:
    """argparse speaks Chinese from now on."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
