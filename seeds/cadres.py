"""Cadres (帮扶责任人) and the township chain of responsibility (乡镇包联, O1)."""

from __future__ import annotations

from datetime import date

from seeds import codes
from seeds.county import Cadre, County, Leadership, Unit
from seeds.dates import add_years, between, birth_for_age, days
from seeds.kit import Kit

PARTY = (("中共党员", 84), ("中共预备党员", 3), ("群众", 11), ("九三学社社员", 1), ("民盟盟员", 1))
EDUCATION = (("本科", 55), ("大专", 24), ("硕士研究生", 7), ("中专", 9), ("高中", 5))
POSTS = {
    "县直部门": (("科员", "科员级"), ("副主任科员", "科员级"), ("股长", "科员级"), ("办事员", "办事员级")),
    "县属企事业单位": (("干部", "无"), ("职员", "无"), ("副主任", "副科级"), ("专技人员", "无")),
    "乡镇": (("办事员", "办事员级"), ("科员", "科员级"), ("站长", "副科级"), ("所长", "副科级")),
    "省市驻县单位": (("职员", "无"), ("客户经理", "无"), ("副经理", "副科级")),
    "其他": (("干事", "无"), ("副主席", "副科级")),
}
TEAM_LEADER_POSTS = (("副局长", "副科级"), ("副主任", "副科级"), ("股长", "副科级"))
TOWNSHIP_TEAM_LEADER_POSTS = (("副镇长", "副科级"), ("人大副主席", "副科级"), ("组织委员", "副科级"))

# County leaders responsible for a township (县级领导包联) and the office they sit in.
COUNTY_LEADERS = (
    ("县委书记", "县委办"),
    ("县长", "县政府办"),
    ("县委副书记", "县委办"),
    ("常务副县长", "县政府办"),
    ("县委常委、组织部长", "县委组织部"),
    ("县委常委、宣传部长", "县委宣传部"),
    ("县委常委、统战部长", "县委统战部"),
    ("县委常委、纪委书记", "县委办"),
    ("县人大常委会主任", "县人大常委会办公室"),
    ("县政协主席", "县政协办公室"),
    ("县人大常委会副主任", "县人大常委会办公室"),
    ("县政协副主席", "县政协办公室"),
)
EXTRA_LEADER = ("副县长", "县政府办")


def new_cadre(
    kit: Kit,
    county: County,
    unit: Unit,
    post: tuple[str, str] | None = None,
    ages: tuple[int, int] = (24, 57),
) -> Cadre:
    rng = kit.rng
    male = kit.chance(0.65)
    birth = birth_for_age(rng, rng.randint(*ages), kit.as_of)
    title, rank = post or rng.choice(POSTS[unit.type])
    cadre = Cadre(
        id_number=kit.ids.issue(birth, male),
        name=kit.names.full(male),
        male=male,
        party=kit.weighted(PARTY),
        education=kit.weighted(EDUCATION),
        unit=unit,
        post=title,
        rank=rank,
        phone=kit.phones.issue(),
    )
    county.cadres.append(cadre)
    return cadre


def build_leaders(kit: Kit, county: County) -> None:
    """One 乡镇党委书记 and one 县级联系领导 per township at as_of (O1), some with a
    predecessor whose term ended the day the successor's began."""
    rng = kit.rng
    latest = min(date(2019, 12, 31), kit.as_of - days(60))
    for i, township in enumerate(county.townships):
        title, office = COUNTY_LEADERS[i] if i < len(COUNTY_LEADERS) else EXTRA_LEADER
        roles = (
            (codes.SECRETARY_DUTY, township.government, ("党委书记", "正科级"), (35, 52)),
            (codes.COUNTY_LEADER_DUTY, county.unit(office), (title, _rank(title)), (42, 58)),
        )
        for duty, unit, post, ages in roles:
            since = between(rng, date(2016, 3, 1), latest)
            if kit.chance(0.25):
                before = new_cadre(kit, county, unit, post, ages)
                start = between(rng, date(2012, 1, 1), add_years(since, -1))
                county.leaderships.append(Leadership(township, duty, before, start, since))
            cadre = new_cadre(kit, county, unit, post, ages)
            county.leaderships.append(Leadership(township, duty, cadre, since))


def _rank(title: str) -> str:
    return "正处级" if title in ("县委书记", "县长", "县人大常委会主任", "县政协主席") else "副处级"


def leader_on(county: County, township_code: str, duty: str, day: date) -> Cadre | None:
    for leadership in county.leaderships:
        if (
            leadership.township.code == township_code
            and leadership.duty == duty
            and leadership.since <= day
            and (leadership.until is None or day < leadership.until)
        ):
            return leadership.cadre
    return None
