"""The constructed history, whose chains on every date are known by construction.

Township 东塘镇 (430624101), village 红星村 (430624101201), household H1 (identified 2016-01-01):
- cadre A (县审计局) paired 2018-03-01 → 2019-06-01, cadre B (县财政局) from 2019-06-01;
- 县审计局 merged into 县财政局 on 2019-03-01; 县财政局 merged into 县委办 on 2020-06-01;
- team T (dispatched by 县审计局, stationed since 2018-01-01): leader L1 (FIRST_SECRETARY_LEADER)
  2018-01-01 → 2019-09-01, then L2; member M (never a leader);
- card RED 2016-01-01 → 2019-01-01, YELLOW → 2020-01-01, RED since;
- Party secretary S1 2017-01-01 → 2019-12-01, then S2; county leader K since 2017-01-01;
- benefits: the household's under P1 on 2018-05-01, its member's under P3 on 2019-08-01.
A second household H2 is paired with A from 2018-03-01 (for cadre accountability).
"""

from __future__ import annotations

from neo4j import Driver

from graph.derived import repair

TOWNSHIP, VILLAGE, TEAM = "430624101", "430624101201", "430624101201:县审计局"

HISTORY = """
MATCH (county:County)
CREATE (t:Township {code: '430624101', name: '东塘镇'})-[:IN_COUNTY]->(county)
CREATE (v:Village {code: '430624101201', name: '红星村', isPoor: true})-[:IN_TOWNSHIP]->(t)
CREATE (h:Household {id: 'H1', headName: '张三', card: 'RED', status: 'RETURNED',
                     identifiedOn: date('2016-01-01')})-[:IN_VILLAGE]->(v)
CREATE (h2:Household {id: 'H2', headName: '李四', card: 'RED', status: 'NOT_OUT',
                      identifiedOn: date('2016-01-01')})-[:IN_VILLAGE]->(v)
CREATE (member:Person {uid: 'p-1', idNumber: '430624199805052345', name: '张小'})
       -[:BELONGS_TO {relation: '之子'}]->(h)
WITH t, v, h, h2, member
MATCH (red:Card {color: 'RED'}), (yellow:Card {color: 'YELLOW'})
CREATE (h)-[:HAS_CARD {since: date('2016-01-01'), until: date('2019-01-01')}]->(red)
CREATE (h)-[:HAS_CARD {since: date('2019-01-01'), until: date('2020-01-01'), reason: '脱贫'}]->(yellow)
CREATE (h)-[:HAS_CARD {since: date('2020-01-01'), reason: '返贫'}]->(red)
CREATE (h2)-[:HAS_CARD {since: date('2016-01-01')}]->(red)
CREATE (audit:Unit {name: '县审计局', type: '县直部门'})
CREATE (finance:Unit {name: '县财政局', type: '县直部门'})
CREATE (office:Unit {name: '县委办', type: '县直部门'})
CREATE (audit)-[:MERGED_INTO {since: date('2019-03-01')}]->(finance)
CREATE (finance)-[:MERGED_INTO {since: date('2020-06-01')}]->(office)
CREATE (a:Cadre {uid: 'c-a', idNumber: '430624198001015678', name: '甲', phone: '13700000001'})
CREATE (b:Cadre {uid: 'c-b', idNumber: '430624198502026789', name: '乙', phone: '13700000002'})
CREATE (l1:Cadre {uid: 'c-l1', name: '队长一'})
CREATE (l2:Cadre {uid: 'c-l2', name: '队长二'})
CREATE (m:Cadre {uid: 'c-m', name: '队员'})
CREATE (s1:Cadre {uid: 'c-s1', name: '书记一'})
CREATE (s2:Cadre {uid: 'c-s2', name: '书记二'})
CREATE (k:Cadre {uid: 'c-k', name: '县领导'})
CREATE (a)-[:WORKS_FOR {since: date('2015-01-01')}]->(audit)
CREATE (b)-[:WORKS_FOR {since: date('2015-01-01')}]->(finance)
CREATE (a)-[:PAIRED_WITH {since: date('2018-03-01'), until: date('2019-06-01')}]->(h)
CREATE (b)-[:PAIRED_WITH {since: date('2019-06-01')}]->(h)
CREATE (a)-[:PAIRED_WITH {since: date('2018-03-01')}]->(h2)
CREATE (team:WorkTeam {id: '430624101201:县审计局', level: 'COUNTY'})
CREATE (audit)-[:DISPATCHED {level: 'COUNTY', since: date('2018-01-01')}]->(team)
CREATE (team)-[:STATIONED_IN {since: date('2018-01-01')}]->(v)
CREATE (l1)-[:MEMBER_OF {role: 'FIRST_SECRETARY_LEADER', since: date('2018-01-01'),
                         until: date('2019-09-01')}]->(team)
CREATE (l2)-[:MEMBER_OF {role: 'FIRST_SECRETARY_LEADER', since: date('2019-09-01')}]->(team)
CREATE (m)-[:MEMBER_OF {role: 'MEMBER', since: date('2018-01-01')}]->(team)
CREATE (s1)-[:SECRETARY_OF {since: date('2017-01-01'), until: date('2019-12-01')}]->(t)
CREATE (s2)-[:SECRETARY_OF {since: date('2019-12-01')}]->(t)
CREATE (k)-[:RESPONSIBLE_FOR {since: date('2017-01-01')}]->(t)
WITH h, member
MATCH (p1:Policy {code: 'P1'}), (p3:Policy {code: 'P3'})
CREATE (h)-[:RECEIVES]->(:Benefit {id: 'B1', project: '产业奖补', amountFen: 200000,
                                  date: date('2018-05-01')})
       -[:UNDER]->(p1)
CREATE (member)-[:RECEIVES]->(:Benefit {id: 'B2', project: '医疗救助', amountFen: 50000,
                                        date: date('2019-08-01')})-[:UNDER]->(p3)
"""


def history(driver: Driver) -> None:
    driver.execute_query(HISTORY)
    repair(driver, "neo4j")
