from pathlib import Path

from fupin.api import SCHEMA

SDL = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_is_current():
    """`fupin schema > schema.graphql` after changing a type; the portal builds against this file."""
    assert SDL.read_text() == SCHEMA.as_str() + "\n"
