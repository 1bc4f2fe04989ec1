from tests.conftest import gql


def test_typename(client, db):
    assert gql(client, "{ __typename }") == {"__typename": "Query"}


def test_policies_are_reference_data(client, db):
    data = gql(
        client,
        "{ policies(first: 20) { totalCount edges { node { code area leadDepartments { name } } } } }",
    )
    codes = [e["node"]["code"] for e in data["policies"]["edges"]]
    assert codes == [f"P{i}" for i in range(1, 11)]
    assert data["policies"]["totalCount"] == 10
