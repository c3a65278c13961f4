"""The benchmark's one table, printed and written to docs/benchmarks.md."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .measure import Timing

HEADERS = (
    "Scale",
    "Measure",
    "Runs",
    "Median ms",
    "p95 ms",
    "SQL q",
    "Floor ms",
    "Floor",
    "Ratio",
    "Bare floor ms",
    "× bare",
    "Peak RSS MB",
    "Target",
    "Met",
)


def _markers(scale: str) -> tuple[str, str]:
    """Return the comments around a scale's block in docs/benchmarks.md."""
    return f"<!-- bench:{scale}:begin -->", f"<!-- bench:{scale}:end -->"


@dataclass
class ScaleResult:
    """What one scale's run produced: sizes, generation timings and the page timings."""

    scale: str
    sizes: dict[str, int]
    generation: dict[str, float]
    timings: list[Timing] = field(default_factory=list)


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}"


def rows(results: list[ScaleResult]) -> list[tuple[str, ...]]:
    """Return the table's rows (strings), one per measure of every scale."""
    out = []
    for result in results:
        for t in result.timings:
            met = {True: "yes", False: "**no**", None: ""}[t.met]
            out.append(
                (
                    result.scale,
                    t.name,
                    str(len(t.seconds)),
                    _ms(t.median),
                    _ms(t.p95),
                    "—" if t.queries is None else str(t.queries),
                    _ms(t.floor_median),
                    t.floor_label or "—",
                    "—" if t.ratio is None else f"{t.ratio:.2f}×",
                    _ms(t.bare_median),
                    "—" if t.bare_ratio is None else f"{t.bare_ratio:.1f}×",
                    "—" if t.rss_mb is None else f"{t.rss_mb:.0f} (from {t.rss_base_mb:.0f})",
                    t.target or "—",
                    met,
                )
            )
    return out


def markdown_table(results: list[ScaleResult]) -> str:
    """Return the timings as one Markdown table."""
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results)]
    return "\n".join(lines)


def text_table(results: list[ScaleResult]) -> str:
    """Return the timings as a fixed-width text table for the terminal."""
    table = [tuple(h for h in HEADERS)] + rows(results)
    widths = [max(len(r[i].replace("**", "")) for r in table) for i in range(len(HEADERS))]
    lines = []
    for n, row in enumerate(table):
        cells = [c.replace("**", "") for c in row]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def generation_lines(results: list[ScaleResult]) -> list[str]:
    """Return one line per scale: sizes generated and how long it took."""
    lines = []
    for result in results:
        sizes = ", ".join(f"{v:,} {k}" for k, v in result.sizes.items())
        gen = result.generation
        if gen.get("reused"):
            lines.append(f"- {result.scale}: {sizes} (database reused, not generated in this run)")
            continue
        rate = result.sizes.get("rows", 0) / gen["rows"] if gen.get("rows") else 0
        lines.append(
            f"- {result.scale}: {sizes}; generated in {gen['total']:.0f} s "
            f"(rows {gen['rows']:.0f} s at {rate:,.0f} rows/s, ANALYZE {gen['analyze']:.0f} s, "
            f"migrate {gen.get('migrate', 0):.0f} s)"
        )
    return lines


def markdown_section(result: ScaleResult, machine: dict[str, str], when: str) -> str:
    """Return a scale's generated block of docs/benchmarks.md: machine, sizes and table."""
    begin, end = _markers(result.scale)
    results = [result]
    parts = [
        begin,
        f"### {result.scale.capitalize()} scale",
        "",
        f"Measured {when} by `manage.py bench`.",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()) + ".",
        "",
        "Data generated:",
        "",
        *generation_lines(results),
        "",
        markdown_table(results),
        end,
    ]
    return "\n".join(parts)


def write_markdown(path: Path, scale: str, section: str) -> None:
    """Put `section` into `path` between `scale`'s markers, keeping everything else."""
    path = Path(path)
    begin, end = _markers(scale)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _old, tail = rest.split(end, 1)
        text = head + section + tail
    else:
        text = (text.rstrip() + "\n\n" if text else "# Benchmarks\n\n") + section + "\n"
    path.write_text(text, encoding="utf-8")


def now_label() -> str:
    """Return the current time for the report, e.g. "2026-11-29 08:30 UTC"."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
