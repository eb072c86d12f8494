"""Redacting personal names for an evidence pack that leaves the workplace.

People become roles ("Colleague A", "Supervisor A", "Customer B"): the app's users by their
role in the team, people typed into name fields (owners, attendees, who was consulted, who
briefed staff) by the field's meaning, and customers named with a title ("Mrs Jones") in
free text. Every name learnt is then replaced wherever it appears in any text, so a
minute that says "Gareth agreed" reads "Supervisor A agreed".

A name typed into free text with no title and never entered anywhere else cannot be
recognised; the options page says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from riskportal.people import display_name

LEARNER = "Learner"
ROLE_LABELS = {"member": "Colleague", "supervisor": "Supervisor", "viewer": "Viewer"}

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame)\.?"
_WORD = r"[A-Z][A-Za-z'’\-]+"
TITLED_NAME = re.compile(rf"\b{_TITLE}\s+{_WORD}(?:\s+{_WORD})?")
_ENTRY_SPLIT = re.compile(r"\s*(?:[,;/\n&+]|\band\b)\s*")
_PARENTHESES = re.compile(r"\s*[\(\[].*?[\)\]]")
_LEADING_NAME = re.compile(rf"^(?:{_TITLE}\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}")
_CONNECTOR = re.compile(r"\s+(?:from|at|of)\s|\s+[-–]\s")


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    text = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        text = chr(65 + remainder) + text
    return text


class Redactor:
    """Turns people into role labels; with ``enabled=False`` it shows names as they are."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._labels: dict[str, str] = {}  # a name as written -> its label
        self._by_user: dict[int, str] = {}
        self._counts: dict[str, int] = defaultdict(int)
        self._pattern: re.Pattern | None = None

    # --- Learning names ---------------------------------------------------------------------

    def _new_label(self, role: str) -> str:
        label = f"{role} {_letters(self._counts[role])}"
        self._counts[role] += 1
        return label

    def _remember(self, name: str, label: str) -> None:
        name = name.strip()
        if len(name) >= 2 and name not in self._labels:
            self._labels[name] = label
            self._pattern = None

    def add_user(self, user, role: str, *, learner: bool = False) -> None:
        """A user of the app: full name, first name, last name and username."""
        if user is None or user.pk in self._by_user:
            return
        label = LEARNER if learner else self._new_label(ROLE_LABELS.get(role, "Colleague"))
        self._by_user[user.pk] = label
        for name in (
            user.get_full_name(),
            user.first_name,
            user.last_name,
            user.get_username(),
        ):
            self._remember(name, label)

    def add_names(self, text: str, role: str = "Colleague") -> None:
        """Learn the people listed in a name field ("Tom Reid (duty manager), Aisha")."""
        for entry in _ENTRY_SPLIT.split(_PARENTHESES.sub("", text or "")):
            entry = entry.strip()
            match = _LEADING_NAME.match(entry)
            if not match:
                continue
            name = match.group(0)
            rest = entry[len(name) :]
            # One capitalised word is a name only on its own or before "from" / "at"
            # ("Dave from CleanCo"); "Front desk team" is not a person.
            if " " not in name and rest and not _CONNECTOR.match(rest):
                continue
            if name in self._labels:
                continue
            label = self._new_label(role)
            self._remember(name, label)
            # "Tom Reid" is also "Tom" and "Reid" further on in the minutes.
            for part in name.split()[-2:]:
                if not re.fullmatch(_TITLE, part):
                    self._remember(part, label)

    # --- Applying ---------------------------------------------------------------------------

    def _compiled(self) -> re.Pattern | None:
        if self._pattern is None and self._labels:
            names = sorted(self._labels, key=len, reverse=True)
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = re.compile(rf"(?<![\w.@])(?:{alternatives})(?![\w@])")
        return self._pattern

    def text(self, value: str | None) -> str:
        """``value`` with every known name, and every titled name, replaced by its label."""
        value = value or ""
        if not self.enabled or not value:
            return value
        value = TITLED_NAME.sub(self._titled, value)
        pattern = self._compiled()
        if pattern is not None:
            value = pattern.sub(lambda match: self._labels[match.group(0)], value)
        return value

    def _titled(self, match: re.Match) -> str:
        name = match.group(0)
        if name not in self._labels:
            surname = name.split(maxsplit=1)[1]
            # "Mr Owen" is the supervisor Gareth Owen when Owen is a name already known.
            label = self._labels.get(surname) or self._new_label("Customer")
            self._remember(name, label)
        return self._labels[name]

    def person(self, user, fallback: str = "") -> str:
        """How to show ``user`` (or a typed ``fallback`` name when there is no user)."""
        if user is None:
            return self.text(fallback)
        if not self.enabled:
            return display_name(user)
        if user.pk not in self._by_user:
            self.add_user(user, "member")
        return self._by_user[user.pk]

    def names(self, values: Iterable[str]) -> list[str]:
        return [self.text(value) for value in values]
