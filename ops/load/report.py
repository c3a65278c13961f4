"""Figures of a load run: counts, errors, latency percentiles, the outage and its recovery."""

from .client import Sample, Stats
from .server import Outage

MAX_RECOVERY_SECONDS = 10.0
KINDS = ["login", "register", "child_file", "edit_form", "edit_post", "my_children", "contact_post"]


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile `share` (0-1) of `values`, or 0.0 if empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _ms(samples: list[Sample]) -> list[float]:
    return [(s.ended - s.started) * 1000 for s in samples]


def _failed(sample: Sample) -> bool:
    # A 400 on a page (not a form post) would be a failure too: Django's "session
    # interrupted" answer when the session cannot be saved (config.errors makes it a 503).
    bad_page = sample.status == 400 and not sample.kind.endswith("_post")
    return sample.status == 0 or sample.status >= 500 or bad_page


def _by_kind(samples: list[Sample]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for sample in samples:
        key = f"{sample.kind}:{sample.status or sample.error}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def load_figures(stats: Stats, seconds: float) -> dict:
    """Return requests, rate, errors by kind, and p50/p95/max latency of a run."""
    samples = stats.samples
    latencies = _ms(samples)
    statuses: dict[int, int] = {}
    for sample in samples:
        statuses[sample.status] = statuses.get(sample.status, 0) + 1
    per_kind = {
        kind: round(percentile(_ms([s for s in samples if s.kind == kind]), 0.95)) for kind in KINDS
    }
    return {
        "requests": len(samples),
        "seconds": round(seconds, 1),
        "requests_per_second": round(len(samples) / seconds, 1) if seconds else 0.0,
        "statuses": dict(sorted(statuses.items())),
        "errors_5xx": sum(1 for s in samples if s.status >= 500),
        "connection_errors": sum(1 for s in samples if s.status == 0),
        "connection_errors_by_kind": _by_kind([s for s in samples if s.status == 0]),
        "refused_writes_4xx": stats.refused,
        "not_ok_by_kind": _by_kind([s for s in samples if s.status == 0 or s.status >= 400]),
        "p50_ms": round(percentile(latencies, 0.50)),
        "p95_ms": round(percentile(latencies, 0.95)),
        "max_ms": round(max(latencies, default=0.0)),
        "p95_ms_by_kind": per_kind,
    }


def fault_figures(stats: Stats, outage: Outage) -> dict:
    """Return how requests failed during the outage and how fast the app recovered."""
    failures = [s for s in stats.samples if _failed(s)]
    friendly = [s for s in failures if s.friendly]
    back = outage.started
    after = [s for s in stats.samples if s.started >= back and not _failed(s)]
    return {
        "postgres_down_seconds": round(back - outage.stop_requested, 2),
        "failed_requests": len(failures),
        "friendly_503": len(friendly),
        "unclean_failures": len(failures) - len(friendly),
        "failing_window_seconds": round(
            max((s.ended for s in failures), default=0)
            - min((s.started for s in failures), default=0),
            2,
        ),  # fmt: skip
        # A request sent after PostgreSQL was back that still failed means the app had not
        # recovered yet: the last such start, measured from the restart, is the recovery time.
        "recovery_seconds": round(
            max(0.0, max((s.started for s in failures), default=back) - back), 2
        ),
        "unclean_by_kind": _by_kind([s for s in failures if not s.friendly]),
        "first_success_after_restart_seconds": round(
            min((s.ended for s in after), default=back) - back, 2
        ),
    }


def print_figures(title: str, figures: dict, *, fault: bool = False) -> bool:
    """Print the run's figures; return True if the run broke one of its promises."""
    print(f"\n== {title} ==")
    for key, value in figures.items():
        print(f"  {key:38} {value}")
    problems = []
    if figures["requests"] == 0 or figures["contacts_acked"] + figures["edits_acked"] == 0:
        problems.append("no traffic or no acknowledged write")
    if figures["contacts_lost"] or figures["edits_lost"]:
        problems.append("acknowledged writes were lost")
    if fault:
        if figures["unclean_failures"]:
            problems.append("some requests failed without the friendly 503 page")
        if figures["recovery_seconds"] > MAX_RECOVERY_SECONDS:
            problems.append(f"recovery took longer than {MAX_RECOVERY_SECONDS:.0f} s")
    elif figures["errors_5xx"] or figures["connection_errors"]:
        problems.append("5xx or connection errors under steady load")
    for problem in problems:
        print(f"  !! {problem}")
    return bool(problems)
