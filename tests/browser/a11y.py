"""Run axe-core (vendored from the npm package in ./assets) on the page a test has open."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page, *, exceptions: dict[str, str] | None = None) -> list[str]:
    """Violations at WCAG 2.2 A and AA, as readable lines, minus the written-down exceptions.

    ``exceptions`` maps an axe rule id to the reason it is accepted. The script is
    evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    not block (an injected <script> tag would be).
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    exceptions = exceptions or {}
    lines = []
    for violation in result["violations"]:
        if violation["id"] in exceptions:
            continue
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return lines
