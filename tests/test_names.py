"""schema/names.py: an argument's GraphQL name is converted once and is strawberry's own."""

from strawberry.schema.name_converter import NameConverter
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.base import StrawberryObjectDefinition

from fupin.api import SCHEMA
from schema.names import KeptNames


def _arguments() -> list[StrawberryArgument]:
    """Every argument of every field of every object type of the schema."""
    types = [t.definition for t in SCHEMA.schema_converter.type_map.values()]
    objects = [t for t in types if isinstance(t, StrawberryObjectDefinition)]
    return [a for t in objects for f in t.fields for a in f.arguments]


def test_every_argument_keeps_strawberrys_name():
    arguments = _arguments()
    assert len(arguments) > 100, len(arguments)
    kept, plain = KeptNames(), NameConverter()
    assert [kept.from_argument(a) for a in arguments] == [plain.from_argument(a) for a in arguments]
    assert "householdId" in {kept.from_argument(a) for a in arguments}


def test_an_argument_is_converted_once(monkeypatch):
    (argument, *_) = (a for a in _arguments() if a.python_name == "household_id")
    kept = KeptNames()
    converted: list[str] = []
    convert = NameConverter.apply_naming_config

    def counted(self: NameConverter, name: str) -> str:
        converted.append(name)
        return convert(self, name)

    monkeypatch.setattr(NameConverter, "apply_naming_config", counted)
    assert [kept.from_argument(argument) for _ in range(3)] == ["householdId"] * 3
    assert converted == ["household_id"]
