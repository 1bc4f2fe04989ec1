"""The audit of unmasked personal data in responses: each response that shows identity or phone
numbers unmasked is one audit event naming whose (one for a page of 100 households, not 100)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, FieldNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from graph.audit import record_disclosure

# Response fields that carry identity or phone numbers (schema.common.PERSONAL, as GraphQL names).
PERSONAL_FIELDS = frozenset({"idNumber", "headIdNumber", "phone", "infoOfficerPhone"})


@dataclass(frozen=True)
class Keys:
    """Where a document's response may show personal data: the response keys (an alias, or the
    field's name) of personal fields, each with the field's name, and those of the fields naming
    whose it is (`id`, `code`). Read from the document, so an alias hides nothing."""

    personal: dict[str, str]
    ids: tuple[str, ...]


EVERY = Keys({name: name for name in PERSONAL_FIELDS}, ("id", "code"))  # when the document is unknown


class _Fields(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.personal: dict[str, str] = {}
        self.ids: set[str] = set()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        key, name = (node.alias or node.name).value, node.name.value
        if name in PERSONAL_FIELDS:
            self.personal[key] = name
        elif name in ("id", "code"):
            self.ids.add(key)


_KNOWN: dict[str, Keys] = {}  # by query text: the portal sends a few fixed documents
_KNOWN_MAX = 256


def keys_of(text: str, document: DocumentNode) -> Keys:
    """The `Keys` of `document`, parsed from `text`."""
    keys = _KNOWN.get(text)
    if keys is None:
        found = _Fields()
        visit(document, found)
        # A key that shows a personal field somewhere never names whose: it could be the number.
        keys = Keys(found.personal, tuple(sorted(found.ids - set(found.personal))))
        if len(_KNOWN) < _KNOWN_MAX:
            _KNOWN[text] = keys
    return keys


def disclosed(data: Any, keys: Keys, path: str = "") -> list[tuple[str, str]]:
    """(whose, which field) of every unmasked identity or phone number in the response `data`:
    whose is the object's `id` or `code` when selected, else its path in the response."""
    found: list[tuple[str, str]] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            found += disclosed(item, keys, f"{path}[{index}]")
    elif isinstance(data, dict):
        whose = next((str(data[k]) for k in keys.ids if data.get(k)), path)
        for key, value in data.items():
            if key in keys.personal and isinstance(value, str) and "*" not in value:
                found.append((whose, keys.personal[key]))
            elif isinstance(value, dict | list):
                found += disclosed(value, keys, f"{path}.{key}" if path else key)
    return found


class AuditDisclosures(SchemaExtension):
    """Records the response's unmasked personal data, read from the response itself, so exactly
    what was shown is recorded; if the event cannot be written the request fails: no unaudited
    disclosure. A document that selects no personal field is not walked."""

    async def on_execute(self):  # type: ignore[no-untyped-def]
        yield
        execution = self.execution_context
        context, result = execution.context, execution.result
        if not context.personal_data or result is None or not result.data:
            return
        document, text = execution.graphql_document, execution.query
        keys = EVERY if document is None or text is None else keys_of(text, document)
        shown = disclosed(result.data, keys) if keys.personal else []
        if shown:
            await record_disclosure(
                context.driver,
                context.database,
                context.principal,
                context.reach,
                context.request_id,
                execution.operation_name,
                shown,
            )
