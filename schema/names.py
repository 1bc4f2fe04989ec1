"""The GraphQL names of the schema's arguments, converted once.

strawberry converts each argument's Python name to its GraphQL name on every call of a resolver
(to find the argument in what graphql-core passes), a regular expression each time: in a
household page or a list of fifty objects that is thousands of conversions per request. The name
of an argument never changes once the schema is built, so each is converted once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.schema.name_converter import NameConverter

if TYPE_CHECKING:
    from strawberry.types.arguments import StrawberryArgument


class KeptNames(NameConverter):
    """strawberry's name converter, its argument names kept per argument object."""

    def __init__(self) -> None:
        super().__init__()
        # id -> (the argument, its name): holding the argument keeps its id from being reused.
        self._arguments: dict[int, tuple[StrawberryArgument, str]] = {}

    def from_argument(self, argument: StrawberryArgument) -> str:
        kept = self._arguments.get(id(argument))
        if kept is None:
            kept = self._arguments[id(argument)] = (argument, super().from_argument(argument))
        return kept[1]
