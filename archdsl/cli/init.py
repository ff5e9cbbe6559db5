"""`archdsl init [DIR]`: write a starter model, DIR/architecture.arch, whose comments teach the language.

The starter model parses without diagnostics, passes `archdsl validate` and is already in the
canonical layout of `archdsl fmt` (tests/cli/test_init.py checks all three). An existing file is
never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from archdsl.cli.errors import UsageError

FILE_NAME = "architecture.arch"

STARTER_MODEL = """\
# A starter model for archdsl. Every line starting with `#` is a comment: read them, then replace
# the example with your own system. Check it with `archdsl validate architecture.arch`, tidy it
# with `archdsl fmt architecture.arch`, and see docs/language.md for the whole language.
# A large model can be split over files: `import "payments.arch"` (relative to this file).

# One `system` per workspace names it; its owner is inherited by every element without one.
system starter "Starter shop" {
  owner = "platform-team"
  description = "An example to edit: a web app, its API, a database and a payment provider."
}

# `defaults KIND { ... }` sets properties for every element of a kind; its own values win.
defaults service { replicas = 2  zones = 2 }

# A boundary groups elements; `trust` (untrusted, low, medium, high) orders boundaries, and a
# relation that enters a boundary of higher trust crosses it.
boundary internet "Public internet" {
  trust = untrusted
  # Elements are `KIND id "Label" { properties }`: actor, frontend, gateway, load_balancer, cdn,
  # service, function, worker, database, cache, queue, storage, search, vault, external.
  actor customer "Customer"
}

boundary edge "Edge" {
  trust = low
  # `managed = true`: a provider runs it (a CDN here), so its redundancy and zones are theirs.
  cdn assets "Static assets" { managed = true  tech = cloudfront  exposed = public }
}

boundary app "Application" {
  trust = high

  service web "Storefront" {
    capacity = 200rps  # values carry units: 250ms, 2s, 100rps, 99.9%, 512MB
    exposed = public
    auth = oauth2
    rate_limit = 50rps
    # `->` inside a body is a synchronous call from this element; `~>` is asynchronous.
    -> api "places orders" { protocol = https  timeout = 5s  idempotency_key = true }
  }

  service api "Orders API" {
    autoscale = 2..6  # a range: at least 2 copies, at most 6
    capacity = 100rps
  }

  database orders_db "Orders DB" {
    tech = postgres
    replicas = 2
    zones = 2
    failover = automatic
    encrypted = true
    backup = daily
    max_connections = 100
  }
}

boundary ops "Operations" {
  trust = high
  # `runs_on` names a shared failure unit (a host, VM or pod): both run on one VM and fail
  # together. Nothing in the shop depends on them, so one copy is enough.
  service prometheus "Metrics" { replicas = 1  runs_on = ops_vm }
  service grafana "Dashboards" { replicas = 1  runs_on = ops_vm }
}

# Externals are systems someone else runs; `sla` is what they promise.
external payments "Payment provider" { sla = 99.95%  rate_limit = 100rps }

# Data: fields are `name type flags...` (one per line reads best), where the data is stored, and
# how it is queried.
data Order in orders_db {
  id     uuid    key
  email  string  pii indexed
  total  money
  query by email  # an access pattern: needs an index led by `email`
}

# Relations written outside a body: `source -> target "label" { properties }`.
customer -> web { protocol = https  timeout = 6s }
customer -> assets { protocol = https  timeout = 6s }

api -> orders_db {
  protocol = postgres
  tls = true
  auth = iam
  timeout = 1s
  pool = 8
  carries = [Order]
}

# `purpose = monitoring`: a metrics scrape is out of band. It is drawn and checked for security,
# but it is no dependency of the shop and carries no load of its flows.
prometheus -> api { purpose = monitoring  protocol = http  timeout = 10s }
grafana -> prometheus { purpose = monitoring  protocol = http  timeout = 30s }

api -> payments "charges cards" {
  protocol = https
  auth = api_key
  timeout = 2s
  retries = 1
  backoff = exponential_jitter
  idempotency_key = true
  circuit_breaker = true
  fallback = "the order waits in `pending` and is charged later"
}

# A flow is a user journey: each step must be a declared relation; slo, latency and peak load
# are checked against what the steps can deliver.
flow checkout "Customer checks out" {
  steps = customer -> web -> api -> payments
  slo = 99.5%
  latency = 6s
  peak = 20rps
}

# `accept RULE on ID { reason = "..." }` records a known risk with its reason. Add a date
# (`until = 2027-06-30`) and the finding comes back when it passes.
accept high-blast-radius on orders_db {
  reason = "one database for the whole shop is fine at this size; revisit when we split the API"
  owner = "platform-team"
}
"""


def register(commands) -> None:
    """Add the `init` subcommand."""
    parser = commands.add_parser("init", help="write a starter model that teaches the language")
    parser.add_argument(
        "dir",
        nargs="?",
        default=".",
        metavar="DIR",
        help="where to write architecture.arch (default: .)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    """Write DIR/architecture.arch; exit 2 (one line) when it exists or cannot be written."""
    target = Path(args.dir) / FILE_NAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(STARTER_MODEL)
    except FileExistsError as error:
        raise UsageError(f"{target.as_posix()} already exists; not overwriting it") from error
    except OSError as error:
        raise UsageError(f"cannot write {target.as_posix()}: {error.strerror or error}") from error
    print(f"wrote {target.as_posix()}; next: archdsl validate {target.as_posix()}")
    return 0
