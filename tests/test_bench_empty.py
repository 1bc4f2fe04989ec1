"""The benchmarks empty their database relationships first, in batches (bench/common.py EMPTY):
a node with more relationships than one batch, which DETACH DELETE would remove in one
transaction, goes too."""

from __future__ import annotations

from neo4j import Driver

from bench.common import empty_database
from graph.connection import Target


def test_empty_database_deletes_a_node_with_many_relationships(db: Driver, neo4j_target: Target) -> None:
    db.execute_query(
        "CREATE (hub:Hub) WITH hub UNWIND range(1, 25000) AS i CREATE (hub)<-[:TO]-(:Spoke {i: i})",
        database_=neo4j_target.database,
    )
    empty_database(db, neo4j_target.database)
    records, _, _ = db.execute_query(
        "RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS relationships",
        database_=neo4j_target.database,
    )
    assert (records[0]["nodes"], records[0]["relationships"]) == (0, 0)
