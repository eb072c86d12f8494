"""The forms of a page, read as a browser would: where each posts and what it would send."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class HtmlForm:
    action: str  # the path it posts to
    method: str
    #: Every field name, with the values a browser would submit unchanged (possibly none).
    fields: dict[str, list[str]] = field(default_factory=dict)
    #: For selects and radios: every value offered.
    choices: dict[str, list[str]] = field(default_factory=dict)

    def data(self) -> dict[str, list[str]]:
        """What submitting the form untouched sends."""
        return {name: values for name, values in self.fields.items() if values}


class _Parser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, a.get("action", ""))).path
            self._form = HtmlForm(action=action or self.page_path, method=a.get("method", "get"))
            self.forms.append(self._form)
            return
        form = self._form
        name = a.get("name")
        if form is None or (not name and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            values = form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    values.append(a.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                values.append(a.get("value", ""))
            elif kind == "file":
                form.fields.setdefault(name, [])
        elif tag == "select":
            self._select = name
            self._multiple = "multiple" in a
            form.fields.setdefault(name, [])
            form.choices.setdefault(name, [])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form.choices[self._select].append(value)
            if "selected" in a:
                form.fields[self._select].append(value)
        elif tag == "textarea":
            self._textarea = name
            form.fields.setdefault(name, [""])

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            values = self._form.fields[self._textarea]
            values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            fields = self._form.fields if self._form is not None else {}
            if self._select and not self._multiple and not fields.get(self._select):
                offered = self._form.choices[self._select]
                self._form.fields[self._select] = offered[:1]  # a browser sends the first
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str, page_path: str) -> list[HtmlForm]:
    """The forms of ``html``, served at ``page_path``; actions resolved to paths."""
    parser = _Parser(page_path)
    parser.feed(html)
    return parser.forms


def post_forms_of(html: str, page_path: str) -> list[HtmlForm]:
    return [form for form in forms_of(html, page_path) if form.method.lower() == "post"]
