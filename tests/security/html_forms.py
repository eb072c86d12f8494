"""The forms of a page, read as a browser would (kept in ``benchmarks.html_forms``, which the
load test shares, so the benchmarks import nothing from the tests)."""

from benchmarks.html_forms import HtmlForm, forms_of, post_forms_of

__all__ = ["HtmlForm", "forms_of", "post_forms_of"]
