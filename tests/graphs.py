"""Small graphs whose answers are known by construction."""

from __future__ import annotations

from neo4j import Driver

from graph.derived import repair

# Two townships; T1 has a poverty village V1 (3 households) and V2 (1 household); T2 has V3.
# Cadre A (unit U1) was paired with H1 from 2018-03-01 to 2019-06-01, cadre B since 2019-06-01.
# Cadre A is paired with H2 and H3 now. H1's card went RED → YELLOW on 2019-01-01.
MINI_COUNTY = """
MATCH (county:County)
CREATE (t1:Township {code: '430624101', name: '东塘镇'})-[:IN_COUNTY]->(county)
CREATE (t2:Township {code: '430624102', name: '城西镇'})-[:IN_COUNTY]->(county)
CREATE (v1:Village {code: '430624101201', name: '红星村', isPoor: true, population: 900,
                    infoOfficerName: '王芳', infoOfficerPhone: '13812345678'})-[:IN_TOWNSHIP]->(t1)
CREATE (v2:Village {code: '430624101202', name: '青山村', isPoor: false})-[:IN_TOWNSHIP]->(t1)
CREATE (v3:Village {code: '430624102201', name: '湖滨村', isPoor: false})-[:IN_TOWNSHIP]->(t2)
CREATE (h1:Household {id: 'H1', headName: '张三', headIdNumber: '430624197001011234', card: 'YELLOW',
                      status: 'OUT', income: 4000.0, size: 3, attribute: 'ORDINARY'})-[:IN_VILLAGE]->(v1)
CREATE (h2:Household {id: 'H2', headName: '李四', card: 'RED', status: 'NOT_OUT', income: 2500.0,
                      size: 1, attribute: 'DIBAO'})-[:IN_VILLAGE]->(v1)
CREATE (h3:Household {id: 'H3', headName: '王五', card: 'GREEN', status: 'OUT', income: 9000.0,
                      size: 2, attribute: 'ORDINARY', dangerousHouse: true, houseGrade: 'C'})
       -[:IN_VILLAGE]->(v1)
CREATE (h4:Household {id: 'H4', headName: '赵六', card: 'GREEN', status: 'OUT', income: 8000.0,
                      size: 4})-[:IN_VILLAGE]->(v2)
CREATE (h5:Household {id: 'H5', headName: '钱七', card: 'RED', status: 'RETURNED', income: 2000.0,
                      size: 2})-[:IN_VILLAGE]->(v3)
CREATE (p1:Person {uid: 'p-1', idNumber: '430624197001011234', name: '张三', relation: '户主',
                   personNo: '1', phone: '13900001111'})-[:BELONGS_TO {relation: '户主'}]->(h1)
CREATE (p2:Person {uid: 'p-2', idNumber: '430624199805052345', name: '张小', relation: '之子',
                   personNo: '2', schooling: '本科'})-[:BELONGS_TO {relation: '之子'}]->(h1)
CREATE (p3:Person {uid: 'p-3', idNumber: '430624195003033456', name: '李四', relation: '户主',
                   personNo: '1'})-[:BELONGS_TO {relation: '户主'}]->(h2)
WITH h1, h2, h3, v1
MATCH (red:Card {color: 'RED'}), (yellow:Card {color: 'YELLOW'})
CREATE (h1)-[:HAS_CARD {since: date('2016-01-01'), until: date('2019-01-01')}]->(red)
CREATE (h1)-[:HAS_CARD {since: date('2019-01-01'), reason: '收入超过低收入线'}]->(yellow)
CREATE (u1:Unit {name: '县财政局', type: '县直部门'})
CREATE (u2:Unit {name: '县审计局', type: '县直部门'})
CREATE (u2)-[:MERGED_INTO {since: date('2019-03-01')}]->(u1)
CREATE (a:Cadre {uid: 'c-a', idNumber: '430624198001015678', name: '甲干部', phone: '13700000001',
                 isStationed: true})
CREATE (b:Cadre {uid: 'c-b', idNumber: '430624198502026789', name: '乙干部', phone: '13700000002'})
CREATE (a)-[:WORKS_FOR {since: date('2015-01-01')}]->(u1)
CREATE (b)-[:WORKS_FOR {since: date('2015-01-01')}]->(u1)
CREATE (a)-[:PAIRED_WITH {since: date('2018-03-01'), until: date('2019-06-01')}]->(h1)
CREATE (b)-[:PAIRED_WITH {since: date('2019-06-01')}]->(h1)
CREATE (a)-[:PAIRED_WITH {since: date('2018-03-01')}]->(h2)
CREATE (a)-[:PAIRED_WITH {since: date('2018-03-01')}]->(h3)
CREATE (team:WorkTeam {id: '430624101201:县财政局', level: 'COUNTY'})
CREATE (u1)-[:DISPATCHED {level: 'COUNTY', since: date('2018-01-01')}]->(team)
CREATE (team)-[:STATIONED_IN {since: date('2018-01-01')}]->(v1)
CREATE (a)-[:MEMBER_OF {role: 'FIRST_SECRETARY_LEADER', since: date('2018-01-01')}]->(team)
"""


def mini_county(driver: Driver, database: str = "neo4j") -> None:
    driver.execute_query(MINI_COUNTY, database_=database)
    repair(driver, database)
