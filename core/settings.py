"""Settings read once from the environment: where Neo4j is, how the API behaves, the rules' thresholds."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fupin"


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fupin"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if not raw else raw.strip().lower() not in {"off", "0", "false", "no"}


def _list(name: str, default: str) -> tuple[str, ...]:
    raw = os.environ.get(name, default)
    return tuple(item.strip() for item in raw.split(",") if item.strip())


@dataclass(frozen=True)
class Neo4jSettings:
    """An external server when `uri` is set (Docker, Aura, a cluster); else the managed one."""

    uri: str | None
    user: str
    password: str | None
    database: str
    version: str
    port: int | None  # managed server's Bolt port; None picks a free one
    heap: str
    pagecache: str


# A portal's development servers (create-react-app / Next.js on 3000, Vite on 5173) and the headers
# Apollo Client sends; production allows no origin unless FUPIN_CORS_ORIGINS names it.
DEVELOPMENT_ORIGINS = (
    "http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173,http://127.0.0.1:5173"
)
CORS_HEADERS = "authorization,content-type,x-request-id"
APOLLO_HEADERS = "apollographql-client-name,apollographql-client-version,apollo-require-preflight"

# Page sizes of list fields (`first`): the default when a query gives none, and the largest allowed.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Security:
    """Tokens and abuse limits (issues #7, #16; docs/security-limits.md). No key is committed:
    without one, the managed home generates an HS256 secret (mode 0600) for local use. The
    defaults here are production's; load_settings turns introspection and GraphiQL on in
    development."""

    jwt_secret: str | None = None  # HS256
    jwt_public_key: str | None = None  # RS256: PEM text or a file's path; takes precedence
    jwt_private_key: str | None = None  # RS256, only where `fupin token` mints
    introspection: bool = False
    graphiql: bool = False
    max_depth: int = 10
    max_aliases: int = 30
    max_tokens: int = 5000
    max_fields: int = 300  # fupin/limits.py: fields selected, fragments expanded (GraphiQL's: 226)
    max_cost: int = 50_000  # fupin/limits.py: a list's children count once per item of its page
    request_timeout: float = 30.0  # seconds for a whole request, body read included
    transaction_timeout: float = 30.0  # seconds for each of the API's Neo4j transactions
    max_body_bytes: int = 1_048_576
    # A multipart request's body: a department's list uploaded for comparison (docs/compare.md).
    max_upload_bytes: int = 20_971_520
    max_header_bytes: int = 32_768  # request line and headers together
    max_token_bytes: int = 8_192  # the Authorization header


@dataclass(frozen=True)
class Thresholds:
    """County settings of rules.md; coverage queries take them as parameters, never literals."""

    max_households_per_cadre: int = 5  # W8
    min_days_in_village: int = 20  # W11
    min_team_size: int = 3  # W1
    poor_people_for_county_team: int = 100  # W2
    low_income_factor: float = 1.5  # S2
    loan_overdue_max_rate: float = 0.01  # P10
    disabled_enrolment_min: float = 0.93  # P2
    employment_min_months: int = 3  # P7: months of work (务工时间) that count a labourer as placed
    employment_target: int = 700  # P7: labourers placed in work in the year (the plan's 2019 target)
    two_after_target: int = 135  # P7: 两后生 trained in the year
    skills_training_target: int = 200  # P7: skills trainings in the year
    dibao_standard: int = 4560  # P6 两线融合: the rural 低保 standard, CNY per person per year
    satisfaction_min: float = 0.9  # W12: share of rated visits 满意 or 基本满意 below which it is low

    def __post_init__(self) -> None:
        # W12 county-wide seeks the cadres with a 不满意 visit: those alone have a rate below a share.
        if not 0.0 <= self.satisfaction_min <= 1.0:
            raise ValueError(f"satisfaction_min is a share, between 0 and 1: {self.satisfaction_min}")


@dataclass(frozen=True)
class Serving:
    """How `fupin serve` spreads and bounds its work (docs/concurrency.md)."""

    processes: int = 1  # API processes sharing the port; `load_settings` defaults it to the cores
    max_in_flight: int = 4  # GraphQL requests one process runs at once
    max_queued: int = 4  # requests one process lets wait for a slot; beyond them: 503
    retry_after: int = 1  # seconds, the 503's Retry-After
    warm_plans: bool = True  # plan the dashboard's statements as the server starts (graph/coverage/warm.py)
    # A query text whose last run took at most this much CPU time of its loop's thread runs on the
    # server's event loop, not the GraphQL worker's (fupin/lanes.py); 0: every request on the worker's.
    quick_ms: float = 10.0


@dataclass(frozen=True)
class Settings:
    home: Path
    cache: Path
    neo4j: Neo4jSettings
    environment: str  # "development" shows error details; anything else masks them
    cors_origins: tuple[str, ...]
    cors_headers: tuple[str, ...]
    max_page_size: int
    default_page_size: int
    dashboard: bool = False  # the reference dashboard at `/` (fupin/static/dashboard)
    persisted_queries: bool = True  # automatic persisted queries (fupin/persisted.py)
    summary_cache_rows: int = 20_000  # dashboard answers kept per process, in rows (graph/coverage/cache.py)
    county_code: str = "430624"
    county_name: str = "湘阴县"
    thresholds: Thresholds = field(default_factory=Thresholds)
    security: Security = field(default_factory=Security)
    serving: Serving = field(default_factory=Serving)

    @property
    def development(self) -> bool:
        return self.environment == "development"


def load_settings() -> Settings:
    port = os.environ.get("FUPIN_NEO4J_PORT")
    environment = os.environ.get("FUPIN_ENV", "development")
    development = environment == "development"
    request_timeout = _float("FUPIN_REQUEST_TIMEOUT", Security.request_timeout)
    return Settings(
        home=Path(os.environ.get("FUPIN_HOME") or _default_home()).expanduser().resolve(),
        cache=Path(os.environ.get("FUPIN_CACHE") or _default_cache()).expanduser().resolve(),
        neo4j=Neo4jSettings(
            uri=os.environ.get("NEO4J_URI") or None,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD") or None,
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            version=os.environ.get("FUPIN_NEO4J_VERSION", "5.26.30"),
            port=int(port) if port else None,
            heap=os.environ.get("FUPIN_NEO4J_HEAP", "2g"),
            pagecache=os.environ.get("FUPIN_NEO4J_PAGECACHE", "2g"),
        ),
        environment=environment,
        cors_origins=_list("FUPIN_CORS_ORIGINS", DEVELOPMENT_ORIGINS if development else ""),
        cors_headers=_list(
            "FUPIN_CORS_HEADERS", f"{CORS_HEADERS},{APOLLO_HEADERS}" if development else CORS_HEADERS
        ),
        dashboard=_flag("FUPIN_DASHBOARD", development),
        persisted_queries=_flag("FUPIN_PERSISTED_QUERIES", True),
        summary_cache_rows=max(0, _int("FUPIN_SUMMARY_CACHE_ROWS", Settings.summary_cache_rows)),
        max_page_size=_int("FUPIN_MAX_PAGE_SIZE", MAX_PAGE_SIZE),
        default_page_size=_int("FUPIN_DEFAULT_PAGE_SIZE", DEFAULT_PAGE_SIZE),
        county_code=os.environ.get("FUPIN_COUNTY_CODE", "430624"),
        county_name=os.environ.get("FUPIN_COUNTY_NAME", "湘阴县"),
        security=Security(
            jwt_secret=os.environ.get("FUPIN_JWT_SECRET") or None,
            jwt_public_key=os.environ.get("FUPIN_JWT_PUBLIC_KEY") or None,
            jwt_private_key=os.environ.get("FUPIN_JWT_PRIVATE_KEY") or None,
            introspection=_flag("FUPIN_INTROSPECTION", development),
            graphiql=_flag("FUPIN_GRAPHIQL", development),
            max_depth=_int("FUPIN_MAX_DEPTH", Security.max_depth),
            max_aliases=_int("FUPIN_MAX_ALIASES", Security.max_aliases),
            max_tokens=_int("FUPIN_MAX_TOKENS", Security.max_tokens),
            max_fields=_int("FUPIN_MAX_FIELDS", Security.max_fields),
            max_cost=_int("FUPIN_MAX_COST", Security.max_cost),
            request_timeout=request_timeout,
            # No longer than the request by default: a statement should not outlive its answer.
            transaction_timeout=_float("FUPIN_TRANSACTION_TIMEOUT", request_timeout),
            max_body_bytes=_int("FUPIN_MAX_BODY_BYTES", Security.max_body_bytes),
            max_upload_bytes=_int("FUPIN_MAX_UPLOAD_BYTES", Security.max_upload_bytes),
            max_header_bytes=_int("FUPIN_MAX_HEADER_BYTES", Security.max_header_bytes),
            max_token_bytes=_int("FUPIN_MAX_TOKEN_BYTES", Security.max_token_bytes),
        ),
        serving=Serving(
            processes=max(1, _int("FUPIN_PROCESSES", os.cpu_count() or 1)),
            max_in_flight=max(1, _int("FUPIN_MAX_IN_FLIGHT", Serving.max_in_flight)),
            max_queued=max(0, _int("FUPIN_MAX_QUEUED", Serving.max_queued)),
            retry_after=max(1, _int("FUPIN_RETRY_AFTER", Serving.retry_after)),
            warm_plans=_flag("FUPIN_WARM_PLANS", Serving.warm_plans),
            quick_ms=max(0.0, _float("FUPIN_QUICK_MS", Serving.quick_ms)),
        ),
    )
