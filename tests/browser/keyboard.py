"""Drive a page with the keyboard only, checking at every step that focus can be seen."""

from __future__ import annotations

from dataclasses import dataclass

# What has focus, whether it shows a focus indicator (an outline of 2px or more, or a box
# shadow) and whether it is in view and not hidden under something else (WCAG 2.4.7, 2.4.11).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  window.__focusIds = window.__focusIds || new WeakMap();
  if (!window.__focusIds.has(el)) {
    window.__focusCount = (window.__focusCount || 0) + 1;
    window.__focusIds.set(el, window.__focusCount);
  }
  const style = getComputedStyle(el);
  const indicated = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  const points = [[box.left + box.width / 2, box.top + box.height / 2],
                  [box.left + 2, box.top + 2], [box.right - 2, box.bottom - 2]];
  const seen = points.some(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit) || (el.labels && [...el.labels].includes(hit)));
  });
  const label = el.getAttribute("aria-label")
    || (el.labels && el.labels[0] && el.labels[0].innerText) || el.innerText || el.value || "";
  return {id: window.__focusIds.get(el), tag: el.tagName.toLowerCase(), name: el.name || "",
          label: label.trim().replace(/\\s+/g, " ").slice(0, 70), indicated, seen};
}"""

# How many stops the Tab key should make in the page as it is now: each focusable, visible
# element, except that a group of radio buttons is one stop.
TAB_STOPS = """() => {
  const all = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]")]
    .filter(el => !el.disabled && el.tabIndex >= 0
      && el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}));
  const radios = new Set(all.filter(el => el.type === "radio").map(el => el.name));
  return all.filter(el => el.type !== "radio").length + radios.size;
}"""


@dataclass(frozen=True)
class Focus:
    id: int
    tag: str
    name: str
    label: str
    indicated: bool
    seen: bool

    def __str__(self) -> str:
        return f"<{self.tag} {self.name}> {self.label!r}"


class Keyboard:
    """Tab, Shift+Tab, Enter, Space, arrows and typing, nothing else."""

    def __init__(self, page, *, limit: int = 120):
        self.page = page
        self.limit = limit
        # Bootstrap scrolls smoothly unless the user asks for less motion; a focused element
        # is then judged before it has scrolled into view.
        page.emulate_media(reduced_motion="reduce")

    def focused(self) -> Focus | None:
        state = self.page.evaluate(FOCUSED)
        return Focus(**state) if state else None

    def press(self, key: str) -> Focus | None:
        self.page.keyboard.press(key)
        focus = self.focused()
        if focus is not None:
            assert focus.indicated, f"no visible focus indicator on {focus}"
            assert focus.seen, f"{focus} has focus but is out of view or covered"
        return focus

    def tab_to(self, selector: str, *, back: bool = False) -> Focus:
        """Press Tab (Shift+Tab with ``back``) until the element matching ``selector`` has
        focus; every element passed on the way must show its focus."""
        passed = []
        for _ in range(self.limit):
            focus = self.press("Shift+Tab" if back else "Tab")
            if self.page.evaluate(
                "s => document.activeElement && document.activeElement.matches(s)", selector
            ):
                return focus
            passed.append(str(focus))
        raise AssertionError(f"Tab never reached {selector}; passed {passed}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def activate(self, key: str = "Enter") -> None:
        """Press Enter (or Space) on the focused link or button and wait for the next page."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def cycle(self) -> list[Focus]:
        """Tab from the top of the page until focus comes round again; returns the stops.

        Fails if focus sticks (a trap), if it shows no indicator, or if some tabbable
        element was never reached.
        """
        self.page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
        self.page.evaluate("() => window.scrollTo(0, 0)")
        stops: list[Focus] = []
        for _ in range(self.limit * 3):
            focus = self.press("Tab")
            if focus is None:
                continue
            if stops and focus.id == stops[0].id:
                break
            assert not stops or focus.id != stops[-1].id, f"focus stuck on {focus}"
            stops.append(focus)
        else:
            raise AssertionError("Tab never came back to the first element: focus is trapped")
        expected = self.page.evaluate(TAB_STOPS)
        assert len({stop.id for stop in stops}) == expected, (expected, [str(s) for s in stops])
        return stops
