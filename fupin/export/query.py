"""An export's query: parsed, refused unless it is a query reading one list, rewritten to fetch
every page of that list, and its selected fields turned into columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    is_enum_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    parse,
    print_ast,
    visit,
)

from core.errors import UserError
from fupin.export.labels import field_word

AFTER = "exportAfter"  # the variable the rewritten query pages by
PAGE_INFO = "exportPageInfo"  # the alias of the page info it adds
IDENTIFIERS = frozenset(
    {"id", "code", "idNumber", "headIdNumber", "phone", "infoOfficerPhone", "personNo", "caseNo"}
)


@dataclass(frozen=True)
class Column:
    keys: tuple[str, ...]  # response keys from the node down to the value
    header: str
    enum: str | None  # the enum type's name, for its Chinese words
    text: bool  # an identifier or a phone number: a text cell, never a number


@dataclass(frozen=True)
class ListQuery:
    text: str  # the document, paging its list by $exportAfter
    operation: str | None
    path: tuple[str, ...]  # response keys from `data` down to the connection
    edges: str  # the connection's response key of `edges`, and of their `node`
    node: str
    columns: tuple[Column, ...]


def document(text: str, max_tokens: int) -> DocumentNode:
    try:
        return parse(text, max_tokens=max_tokens)
    except GraphQLError as error:
        raise UserError(f"导出的查询语句无法解析：{error.message}", "GRAPHQL_PARSE_FAILED") from None


def operation_of(doc: DocumentNode, name: str | None) -> OperationDefinitionNode:
    """The operation to run; refused unless it is a query (an export never changes anything)."""
    operations = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    if len(chosen) != 1:
        raise UserError(
            f"导出的查询须恰好有一个操作{'（operationName 未找到）' if name else ''}，现有 {len(chosen)} 个",
            "EXPORT_OPERATION",
        )
    operation = chosen[0]
    if operation.operation is not OperationType.QUERY:
        raise UserError(
            f"导出只接受查询（query），不接受 {operation.operation.value}：导出不修改任何数据",
            "EXPORT_NOT_A_QUERY",
        )
    return operation


def list_query(
    schema: GraphQLSchema, text: str, operation_name: str | None, page: int, max_tokens: int
) -> ListQuery:
    doc = document(text, max_tokens)
    operation = operation_of(doc, operation_name)
    fragments = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
    assert schema.query_type is not None
    found = list(_connections(operation.selection_set, schema.query_type, fragments, ()))
    if len(found) != 1:
        what = (
            "没有列表字段（如 households、coverage 的名单）" if not found else f"有 {len(found)} 个列表字段"
        )
        raise UserError(
            f"导出的查询须恰好读取一个列表字段（分页连接），该查询{what}",
            "EXPORT_NOT_A_LIST",
            lists=["/".join(path) for path, _, _ in found],
        )
    path, field, connection = found[0]
    edges, node, node_field, node_type = _nodes(field, connection, fragments)
    columns = tuple(_columns(node_field.selection_set, node_type, fragments, (), ""))
    if not columns:
        raise UserError("导出的查询须在 edges { node { … } } 中选择至少一个字段", "EXPORT_NO_COLUMNS")
    text = _page_every(doc, operation, field, page)
    return ListQuery(text, operation_name, path, edges, node, columns)


def _fields(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    """The fields of a selection, fragments expanded."""
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            yield from _fields(fragments[selection.name.value].selection_set, fragments)


def _key(field: FieldNode) -> str:
    return field.alias.value if field.alias else field.name.value


def _connections(
    selection_set: SelectionSetNode | None,
    parent: GraphQLObjectType,
    fragments: dict[str, FragmentDefinitionNode],
    path: tuple[str, ...],
) -> Iterator[tuple[tuple[str, ...], FieldNode, GraphQLObjectType]]:
    """Paged lists selected, looked for through single objects (coverage { overdueVisits })."""
    for field in _fields(selection_set, fragments):
        definition = parent.fields.get(field.name.value)
        if definition is None:
            continue  # validation names it when the query runs
        named = get_named_type(definition.type)
        if not is_object_type(named):
            continue
        assert isinstance(named, GraphQLObjectType)
        if "edges" in named.fields and "pageInfo" in named.fields:
            yield (*path, _key(field)), field, named
        elif not _is_list(definition.type):
            yield from _connections(field.selection_set, named, fragments, (*path, _key(field)))


def _is_list(kind: object) -> bool:
    return is_list_type(kind.of_type if is_non_null_type(kind) else kind)  # type: ignore[attr-defined]


def _nodes(
    connection: FieldNode, kind: GraphQLObjectType, fragments: dict[str, FragmentDefinitionNode]
) -> tuple[str, str, FieldNode, GraphQLObjectType]:
    for edges in _fields(connection.selection_set, fragments):
        if edges.name.value != "edges":
            continue
        edge_type = get_named_type(kind.fields["edges"].type)
        assert isinstance(edge_type, GraphQLObjectType)
        for node in _fields(edges.selection_set, fragments):
            if node.name.value == "node":
                node_type = get_named_type(edge_type.fields["node"].type)
                assert isinstance(node_type, GraphQLObjectType)
                return _key(edges), _key(node), node, node_type
    raise UserError("导出的查询须在 edges { node { … } } 中选择至少一个字段", "EXPORT_NO_COLUMNS")


def _columns(
    selection_set: SelectionSetNode | None,
    parent: GraphQLObjectType,
    fragments: dict[str, FragmentDefinitionNode],
    keys: tuple[str, ...],
    header: str,
) -> Iterator[Column]:
    """One column per leaf selected; an object's fields carry its word as a prefix (村·名称)."""
    for field in _fields(selection_set, fragments):
        name = field.name.value
        definition = parent.fields.get(name)
        if definition is None or name.startswith("__"):
            continue
        word = field_word(definition.description, name, parent.name)
        label = f"{header}·{word}" if header else word
        named = get_named_type(definition.type)
        if isinstance(named, GraphQLObjectType):
            yield from _columns(field.selection_set, named, fragments, (*keys, _key(field)), label)
        else:
            enum = named.name if is_enum_type(named) else None
            yield Column((*keys, _key(field)), label, enum, name in IDENTIFIERS)


class _Paging(Visitor):
    """Sets the list's `first: page, after: $exportAfter` and selects its page info."""

    def __init__(self, connection: FieldNode, page: int) -> None:
        super().__init__()
        self.connection, self.page = connection, page

    def leave_field(self, node: FieldNode, *_: object) -> FieldNode | None:
        if node is not self.connection:
            return None
        kept = [a for a in node.arguments or () if a.name.value not in ("first", "after")]
        first = ArgumentNode(name=NameNode(value="first"), value=IntValueNode(value=str(self.page)))
        after = ArgumentNode(name=NameNode(value="after"), value=VariableNode(name=NameNode(value=AFTER)))
        info = parse(f"{{ {PAGE_INFO}: pageInfo {{ hasNextPage endCursor }} }}").definitions[0]
        assert isinstance(info, OperationDefinitionNode) and node.selection_set is not None
        selections = (*node.selection_set.selections, *info.selection_set.selections)
        return replace(
            node,
            arguments=(*kept, first, after),
            selection_set=replace(node.selection_set, selections=selections),
        )


def _page_every(
    doc: DocumentNode, operation: OperationDefinitionNode, connection: FieldNode, page: int
) -> str:
    """The document with its list walking every page by $exportAfter."""
    paged = visit(doc, _Paging(connection, page))
    index = doc.definitions.index(operation)
    chosen = paged.definitions[index]
    assert isinstance(chosen, OperationDefinitionNode)
    after = VariableDefinitionNode(
        variable=VariableNode(name=NameNode(value=AFTER)), type=NamedTypeNode(name=NameNode(value="String"))
    )
    # The query's own `first`/`after` variables go with the arguments they filled (an unused
    # variable is an error), unless something else still uses them.
    used = _variables(paged)
    kept = tuple(d for d in chosen.variable_definitions or () if d.variable.name.value in used)
    chosen = replace(chosen, variable_definitions=(*kept, after))
    definitions = (*paged.definitions[:index], chosen, *paged.definitions[index + 1 :])
    return print_ast(replace(paged, definitions=definitions))


class _Uses(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable_definition(self, *_: object) -> object:
        return Visitor.SKIP  # a definition is not a use

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        self.names.add(node.name.value)


def _variables(doc: DocumentNode) -> set[str]:
    """The variables the document uses."""
    uses = _Uses()
    visit(doc, uses)
    return uses.names


def cell_value(node: object, keys: tuple[str, ...]) -> object:
    """The value at `keys` below `node`; through a list, the list of the values below each item."""
    value = node
    for index, key in enumerate(keys):
        if isinstance(value, list):
            flat: list[object] = []
            for item in value:
                below = cell_value(item, keys[index:])
                flat.extend(below if isinstance(below, list) else [below])
            return flat
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
