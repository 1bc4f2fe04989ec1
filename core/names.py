"""Names in the order county staff expect: by pinyin (拼音), as a dictionary orders them, not by
the characters' code points (which put 张 before 李 but after 王 by chance).

`name_key` is stored beside each name the loader and the mutations write (`nameKey`,
`headNameKey`), so a list sorted by name reads an ordinary string property.
"""

from __future__ import annotations

from typing import Any

from pypinyin import Style, lazy_pinyin

# Syllables are separated by a space, which sorts before every letter and digit, so a name that is
# a prefix of another comes first; a syllable's tone (1–5) follows it, so 妈 (ma1) < 马 (ma3); the
# name itself ends the key, so two names read alike keep an order of their own.
_SEPARATOR = " "
_NAME = "\x1f"


def name_key(name: str | None) -> str | None:
    """The sort key of `name`: `张三` → `zhang1 san1\\x1f张三`; None for no name."""
    if name is None:
        return None
    syllables = lazy_pinyin(name.strip(), style=Style.TONE3, neutral_tone_with_five=True)
    return _SEPARATOR.join(s.lower() for s in syllables) + _NAME + name


# The properties holding a name, and the property holding its key.
KEYED = {"name": "nameKey", "headName": "headNameKey"}


def with_keys(values: dict[str, Any]) -> dict[str, Any]:
    """`values` and, beside each name in it, its sort key: what every writer of names stores."""
    keys = {KEYED[name]: name_key(str(values[name])) for name in KEYED.keys() & values.keys() if values[name]}
    return {**values, **keys}
