"""The synthetic organisation: teams and the services they own, people, and the things they run."""

from __future__ import annotations

TEAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Payments": (
        "Takes the money, safely.",
        ("payments-api", "billing", "invoicing", "fraud-scoring"),
    ),
    "Checkout": ("Cart to order.", ("checkout", "cart", "pricing", "promotions")),
    "Identity": ("Sign-in and sessions.", ("auth", "sessions", "user-profile", "sso-gateway")),
    "Search & Discovery": (
        "Finding things.",
        ("search-api", "indexer", "recommendations", "catalog"),
    ),
    "Data Platform": (
        "Events, pipelines, the warehouse.",
        ("kafka", "etl-scheduler", "warehouse-loader", "event-collector"),
    ),
    "Core Infrastructure": (
        "Databases, caches, networks.",
        ("postgres-cluster", "redis-cache", "internal-dns", "load-balancer"),
    ),
    "Delivery": (
        "Build, ship, flags.",
        ("ci-runners", "deploy-orchestrator", "artifact-registry", "feature-flags"),
    ),
    "Messaging": (
        "Telling people things.",
        ("notifications", "email-sender", "push-gateway", "sms-relay"),
    ),
    "Web & Mobile": (
        "What customers touch.",
        ("web-frontend", "mobile-api", "cdn-edge", "image-resizer"),
    ),
    "Observability": (
        "Seeing the system.",
        ("metrics-pipeline", "log-shipper", "alerting", "tracing"),
    ),
    "Fulfilment": ("Stock and parcels.", ("inventory", "shipping", "warehouse-sync", "returns")),
}
SERVICE_TEAM = {service: team for team, (_, services) in TEAMS.items() for service in services}
SERVICES = tuple(SERVICE_TEAM)
INFRASTRUCTURE = (
    "postgres-cluster",
    "redis-cache",
    "internal-dns",
    "load-balancer",
    "kafka",
    "cdn-edge",
)

FIRST = (
    "Amara", "Bilal", "Chen", "Dagny", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas",
    "Kavya", "Lukas", "Mei", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sanjay", "Tove",
    "Umar", "Valentina", "Wen", "Ximena", "Yusuf", "Zofia", "Aiko", "Bruno", "Carmen", "Dmitri",
    "Elif", "Femi", "Greta", "Hiroshi", "Ivana", "Jamal", "Katarina", "Leon", "Mariam", "Nikhil",
    "Olga", "Pedro", "Rania", "Stefan", "Tariq", "Ulla", "Vikram", "Wanjiru", "Yara", "Zainab",
)  # fmt: skip
LAST = (
    "Okafor", "Haddad", "Wei", "Lindqvist", "Eze", "Rahman", "Petrovic", "Sato", "Moreau",
    "Becker", "Iyer", "Novak", "Lin", "Karimi", "Berg", "Raman", "Dubois", "Alvarez", "Gupta",
    "Nilsson", "Siddiqui", "Rossi", "Zhang", "Flores", "Demir", "Kowalska", "Tanaka", "Costa",
    "Ortega", "Volkov", "Yilmaz", "Adeyemi", "Hansen", "Kimura", "Horvat", "Bakr", "Novakova",
    "Richter", "Aziz", "Menon", "Sokolova", "Santos", "Mansour", "Weber", "Qureshi", "Lund",
    "Reddy", "Mwangi", "Farouk", "Bello",
)  # fmt: skip
ZONES = (
    "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
    "Asia/Kolkata", "Australia/Sydney", "UTC",
)  # fmt: skip
PEOPLE = tuple(
    (f"{first.lower()}.{last.lower()}@bench.example.com", f"{first} {last}", ZONES[i % len(ZONES)])
    for i, (first, last) in enumerate(zip(FIRST, LAST, strict=True))
)

TAGS = (
    "database", "deploy", "dns", "certificates", "network", "capacity", "config", "feature-flag",
    "third-party", "rate-limiting", "queue", "cache", "migration", "security", "storage",
    "customer-facing", "data-integrity", "peak-traffic", "weekend", "on-call-handover",
    "game-day", "cloud-provider", "latency", "partial-outage", "cascading-failure", "rollback",
)  # fmt: skip

# Values that fill the sentence templates' {slots}.
BANKS: dict[str, tuple[str, ...]] = {
    "region": ("eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"),
    "zone": ("zone a", "zone b", "zone c"),
    "db": (
        "orders-postgres", "accounts-postgres", "ledger-postgres", "catalog-mysql",
        "inventory-postgres", "sessions-redis", "search-elasticsearch",
    ),
    "queue": (
        "payment-events", "email-outbound", "order-created", "index-updates", "stock-changes",
    ),
    "cache": ("sessions-redis", "pricing-memcached", "catalog-cache", "feature-flag-cache"),
    "flag": (
        "new-checkout-flow", "async-invoice-render", "search-ranking-v2", "bulk-price-import",
        "edge-image-resize", "lazy-session-refresh",
    ),
    "vendor": (
        "the payment processor", "the SMS provider", "the DNS provider", "the CDN provider",
        "the email delivery provider", "the identity provider", "the cloud provider",
    ),
    "config_key": (
        "max_connections", "pool_size", "request_timeout_ms", "retry_budget",
        "rate_limit_per_client", "cache_ttl_seconds", "worker_concurrency",
    ),
    "host": (
        "api.example.com", "checkout.example.com", "*.internal.example.net",
        "grpc.mesh.example.net", "cdn.example.com",
    ),
    "day_part": (
        "on a Tuesday morning", "during the Friday evening peak", "on a quiet Sunday",
        "just after the on-call handover", "during the monthly sale", "late on a Wednesday",
    ),
}  # fmt: skip
