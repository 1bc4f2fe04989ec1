"""The mini county (tests/graphs.py) with H1's file filled in: a visit with findings and actions,
benefits of two policies in 2025 (one a member's) and one in 2024, a loan and a petition; and
`many` extra households in V3 (township 430624102), for lists longer than an export's page."""

from __future__ import annotations

from neo4j import Driver

from graph.derived import repair
from tests.graphs import mini_county

H1_FILE = """
MATCH (h1:Household {id: 'H1'}), (b:Cadre {uid: 'c-b'}), (member:Person {uid: 'p-2'}),
      (p1:Policy {code: 'P1'}), (p3:Policy {code: 'P3'}), (t1:Township {code: '430624101'})
CREATE (b)-[:MADE]->(:Visit {id: 'v-1', date: date('2025-03-05'), mode: '入户走访',
                             findings: '屋顶漏雨', actions: '联系维修'})-[:TO]->(h1)
CREATE (h1)-[:RECEIVES]->(:Benefit {id: 'b-1', project: '产业奖补', amountFen: 150000,
                                   date: date('2025-04-01'), department: '县农业农村局'})-[:UNDER]->(p1)
CREATE (member)-[:RECEIVES]->(:Benefit {id: 'b-2', project: '医疗救助', amountFen: 32050,
                                       date: date('2025-06-10')})-[:UNDER]->(p3)
CREATE (h1)-[:RECEIVES]->(:Benefit {id: 'b-3', project: '旧年奖补', amountFen: 99900,
                                   date: date('2024-04-01')})-[:UNDER]->(p1)
CREATE (h1)-[:BORROWED]->(:Loan {id: 'l-1', bank: '县农商银行', amountFen: 5000000,
                                 issuedOn: date('2024-01-10'), dueOn: date('2027-01-10'),
                                 balanceFen: 3000000, overdue: false, overdueAmountFen: 0})
CREATE (pt:Petition {caseNo: 'XF-2025-1', registeredOn: date('2025-02-01'), level: 'COUNTY',
                     claim: '申请危房改造'})-[:ABOUT]->(h1)
CREATE (pt)-[:IN_TOWNSHIP]->(t1)
"""

MANY = """
MATCH (v3:Village {code: '430624102201'})
UNWIND range(1, $many) AS n
CREATE (:Household {id: 'M' + right('0000' + toString(n), 4), headName: '户' + toString(n),
                    headIdNumber: '43062419900101' + right('0000' + toString(n), 4),
                    card: 'GREEN', status: 'OUT', income: 5000.0 + n, size: 1})-[:IN_VILLAGE]->(v3)
"""


def export_county(driver: Driver, many: int = 0) -> None:
    mini_county(driver)
    driver.execute_query(H1_FILE)
    if many:
        driver.execute_query(MANY, many=many)
    repair(driver, "neo4j")
