"""Knock-on errors: a row whose household, cadre or village was rejected earlier in the same load
says so and where ("户.csv 第3行"), not that it does not exist; the summary groups such rows under
their root and counts them apart from the rows with errors of their own."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from graph.connection import Target
from graph.load import summary
from tests.load_kit import HEADERS, County, cadre_id, run, write_csv


def test_rows_of_a_rejected_household_or_cadre_name_their_root(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(households=4, cadres=2)
    files = county.write(tmp_path, ["units", "villages", "persons", "pairings", "visits"])
    households = [list(row) for row in county.rows["households"]]
    households[1][13] = "紫卡"  # 户.csv row 3: H0001, own error
    households[2][2] = "无此村"  # 户.csv row 4: H0002, its village does not exist
    files.append(write_csv(tmp_path / "户.csv", HEADERS["households"], households))
    cadres = [list(row) for row in county.rows["cadres"]]
    cadres[1][7] = "123"  # 帮扶责任人.csv row 3: cadre 1, a bad phone
    files.append(write_csv(tmp_path / "帮扶责任人.csv", HEADERS["cadres"], cadres))

    result = run(db, neo4j_target, files)

    roots = {(e.file, e.row) for e in result.errors if not e.cause}
    assert roots == {("户.csv", 3), ("户.csv", 4), ("帮扶责任人.csv", 3)}
    knock_on = sorted((e.file, e.row, e.cause) for e in result.errors if e.cause)
    # persons: 2 per household (rows 4–5 H0001, 6–7 H0002); pairings: row k+2 for household k,
    # cadre k % 2; visits: 2 per household (rows 4–5, 6–7), cadre k % 2.
    assert knock_on == [
        ("人口.csv", 4, "户.csv 第3行"),
        ("人口.csv", 5, "户.csv 第3行"),
        ("人口.csv", 6, "户.csv 第4行"),
        ("人口.csv", 7, "户.csv 第4行"),
        ("结对.csv", 3, "帮扶责任人.csv 第3行"),  # H0001 and cadre 1: both rejected
        ("结对.csv", 3, "户.csv 第3行"),
        ("结对.csv", 4, "户.csv 第4行"),
        ("结对.csv", 5, "帮扶责任人.csv 第3行"),
        ("走访.csv", 4, "帮扶责任人.csv 第3行"),
        ("走访.csv", 4, "户.csv 第3行"),
        ("走访.csv", 5, "帮扶责任人.csv 第3行"),
        ("走访.csv", 5, "户.csv 第3行"),
        ("走访.csv", 6, "户.csv 第4行"),
        ("走访.csv", 7, "户.csv 第4行"),
        ("走访.csv", 8, "帮扶责任人.csv 第3行"),
        ("走访.csv", 9, "帮扶责任人.csv 第3行"),
    ]
    person = next(e for e in result.errors if e.file == "人口.csv")
    assert person.reason.startswith("此户在本次导入中被拒绝（见户.csv 第3行）")
    pairing = next(e for e in result.errors if e.file == "结对.csv" and e.row == 5)
    assert pairing.value == cadre_id(1) and pairing.reason.startswith("此帮扶责任人在本次导入中被拒绝")
    rejected = {r.kind: (r.rejected, r.knock_on) for r in result.rosters}
    assert rejected["households"] == (2, 0) and rejected["cadres"] == (1, 0)
    assert rejected["persons"] == (4, 4) and rejected["pairings"] == (3, 3) and rejected["visits"] == (6, 6)
    text = summary(result)
    assert "  户.csv 第3行 → 人口.csv 2 行、结对.csv 1 行、走访.csv 2 行" in text
    assert "  帮扶责任人.csv 第3行 → 结对.csv 2 行、走访.csv 4 行" in text
    assert "被拒绝 16 行（本身有错 3 行，连带被拒 13 行）" in text
