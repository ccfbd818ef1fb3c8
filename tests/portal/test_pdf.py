"""portal/pdf.py with real WeasyPrint: the steps of a render as a job hears them, and one layout per render."""

import logging

import pytest

from portal.pdf import LAYOUT_FROM, LAYOUT_TO, WEASYPRINT_STEPS, html_to_pdf, layout_percent

PAGES = "".join(f'<p style="break-before: page">Page {n}</p>' for n in range(1, 6))
HTML = f"<!DOCTYPE html><html><body>{PAGES}</body></html>"


def test_the_render_tells_its_steps_page_by_page():
    heard = []
    pdf, pages = html_to_pdf(HTML, on_step=lambda step, done: heard.append((step, done)))
    assert pdf.startswith(b"%PDF-") and pages == 5
    assert heard == [("styled", 0), *[("layout", n) for n in range(1, 6)], ("drawn", 5)]


def test_a_page_that_needs_a_second_pagination_is_told_once():
    """counter(pages) in a margin box and target-counter links make WeasyPrint lay pages out again: each page
    is still told once, in order."""
    toc = "".join(f'<a href="#p{n}" class="toc"></a>' for n in range(1, 6))
    body = "".join(f'<h2 id="p{n}" style="break-before: page">{n}</h2>' for n in range(1, 6))
    style = (
        "<style>@page { @bottom-center { content: counter(page) '/' counter(pages) } }"
        ".toc::after { content: target-counter(attr(href), page) }</style>"
    )
    heard = []
    _pdf, pages = html_to_pdf(
        f"<html><head>{style}</head><body>{toc}{body}</body></html>", on_step=lambda *s: heard.append(s)
    )
    layout = [done for step, done in heard if step == "layout"]
    assert layout == list(range(1, pages + 1)) and pages == 6


def test_the_listener_is_gone_after_the_render_even_when_it_fails():
    level, handlers = WEASYPRINT_STEPS.level, list(WEASYPRINT_STEPS.handlers)

    def failing(step, done):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        html_to_pdf(HTML, on_step=failing)
    assert (WEASYPRINT_STEPS.level, WEASYPRINT_STEPS.handlers) == (level, handlers)
    assert WEASYPRINT_STEPS.level == logging.WARNING and WEASYPRINT_STEPS.propagate


def test_layout_progress_rises_with_each_page_and_stays_in_its_band():
    percents = [layout_percent(n) for n in range(1, 200)]
    assert percents == sorted(percents) and percents[0] > LAYOUT_FROM and percents[-1] < LAYOUT_TO
    assert layout_percent(13) < layout_percent(33)
