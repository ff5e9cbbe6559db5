"""E-family: problems in the model itself. The parser, the resolver and the acceptance check
report them; this module documents them so `explain`, `rules`, SARIF and the docs cover them."""

from archdsl.rules.registry import diagnostic

diagnostic(
    "E001",
    "syntax-error",
    summary="text that does not parse; says what was expected",
    doc="""
    The text is not valid `.arch`: a missing `}` or `=`, `-` typed for `->`, a reserved word used
    as a name, a data field without a type. The message says what was found and what was expected.

    Why it matters: nothing after the error can be checked reliably, so rules do not run until
    the file parses.
    """,
    bad="""
    service api {
      replicas 3
    }
    """,
    good="""
    service api {
      replicas = 3
    }
    """,
)

diagnostic(
    "E002",
    "undefined-reference",
    summary="a name used but never declared; suggests the nearest names",
    doc="""
    A relation, flow step, `dlq`, `fallback`, `carries`, `data ... in` or `query by` names
    something that is not declared. The hint names the closest declared names.

    Why it matters: a typo silently disconnects the design; every rule that follows the relation
    would reason about a system that does not exist.
    """,
    bad="""
    service api
    api -> orders_dbb
    """,
    good="""
    service api
    database orders_db
    api -> orders_db { timeout = 1s }
    """,
)

diagnostic(
    "E003",
    "duplicate-definition",
    summary="the same id declared twice; points at both",
    doc="""
    Two declarations share an id (elements, boundaries, data and flows share one namespace), a
    property is set twice in one body, a field twice in one data, or a second `system` appears.

    Why it matters: which of the two is meant is a guess, and every finding about either is
    suspect.
    """,
    bad="""
    service api
    database api
    """,
    good="""
    service api
    database api_db
    """,
)

diagnostic(
    "E004",
    "invalid-value",
    summary="a value of the wrong kind or out of range",
    doc="""
    A property value of the wrong kind (`timeout = 3rps`), out of range (`replicas = -1`), an
    unknown enumerated word (`backup = dayly`), a range with min > max, a property that does not
    apply to the element's kind, data stored in a stateless element, an unknown field flag.

    Why it matters: a wrong value is silently ignored by readers and turns every rule that uses
    it into a guess.
    """,
    bad="""
    service api { replicas = -1 }
    """,
    good="""
    service api { replicas = 2 }
    """,
)

diagnostic(
    "E005",
    "unknown-property",
    summary="a key that is not in the language and lacks the `x_` prefix",
    doc="""
    A property key that the language does not define for that construct. The hint suggests the
    nearest valid key; custom keys must start with `x_`.

    Why it matters: `replica = 3` (singular) would otherwise be read as "one copy".
    """,
    bad="""
    service api { replica = 3 }
    """,
    good="""
    service api { replicas = 3  x_cost_center = "42" }
    """,
)

diagnostic(
    "E006",
    "import-error",
    summary="missing file, import cycle, or a path outside the workspace root",
    doc="""
    An `import` names a file that does not exist, leaves the workspace root, or closes a cycle of
    imports. The message shows the chain of files.

    Why it matters: a model that silently misses a file validates a different system.
    """,
    bad="""
    import "does-not-exist.arch"
    service api
    """,
    good="""
    service api
    """,
)

diagnostic(
    "E007",
    "invalid-flow-step",
    summary="consecutive flow steps that are not a declared relation of that arrow",
    doc="""
    Every consecutive pair of a flow's `steps` must be a declared relation with the same arrow
    (`->` or `~>`); a flow must have steps.

    Why it matters: availability, load and latency of a flow are computed along its relations; a
    step that is not one makes those numbers fiction.
    """,
    bad="""
    service web
    service api
    web -> api { timeout = 1s }
    flow f { steps = web ~> api }
    """,
    good="""
    service web
    service api
    web -> api { timeout = 1s }
    flow f { steps = web -> api }
    """,
)

diagnostic(
    "E008",
    "invalid-acceptance",
    summary="an accept naming an unknown rule or element, or without `reason`",
    doc="""
    An `accept` block must name existing rules (by code or slug) and existing elements, data or
    flows, and must say why with `reason`.

    Why it matters: an acceptance is a recorded decision; without a reason nobody can revisit it,
    and with a wrong name it silences nothing.
    """,
    bad="""
    service api { owner = "team" }
    accept missing-ownr on api { reason = "owned by the platform team" }
    """,
    good="""
    service api { owner = "team" }
    service worker_a
    api -> worker_a { timeout = 1s }
    accept missing-owner on worker_a { reason = "owned by the platform team" }
    """,
)

diagnostic(
    "E009",
    "unused-acceptance",
    severity="warning",
    summary="an accept that matches no finding",
    doc="""
    An acceptance that matches no finding: what it accepted was fixed, or it names the wrong
    element. Reported so acceptances cannot rot. The message lists the subjects that the same
    rule's findings do have ("F006 findings are about flows track_order, place_order"; for a
    grouped finding, its anchor and its members), so a misplaced acceptance is easy to correct.

    Why it matters: stale acceptances would silently accept the next, different problem with the
    same name.

    Decisions: an acceptance that accepts one member of a grouped finding is used, even when
    the group stays reported for its other members. An expired acceptance that still matches is
    used (the finding comes back with a note instead).
    """,
    bad="""
    service api { owner = "team" }
    accept single-point-of-failure on api { reason = "nothing depends on it yet" }
    """,
    good="""
    service api { owner = "team" }
    """,
)

diagnostic(
    "E010",
    "unknown-kind",
    summary="a declaration whose kind is not one of the element kinds",
    doc="""
    `KIND id` declares an element; KIND must be one of actor, frontend, gateway, load_balancer,
    cdn, service, function, worker, database, cache, queue, storage, search, vault, external.
    The hint suggests the nearest kind.

    Why it matters: the kind decides what every rule expects of the element.
    """,
    bad="""
    servce api
    """,
    good="""
    service api
    """,
)
