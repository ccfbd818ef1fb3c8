"""The disbursement-over-time chart as inline SVG, drawn like carbon's charts (no script, no external
library): a column per month for what was released that month, the running total as a line, and the
approved amount as a dashed line above them. Exact figures are the texts; drawing coordinates only are
floats."""

from __future__ import annotations

import datetime
from html import escape

from django.utils.translation import gettext as _

from portal.templatetags.portal_tags import ntd

FONT = "Noto Sans CJK TC, Noto Sans TC, sans-serif"
BAR, LINE, CEILING, AXIS, TEXT, MUTED = "#2b5ea7", "#0f7b6c", "#a15c07", "#8a94a6", "#1f2933", "#5f6b7a"


def disbursement_chart(
    monthly: list[tuple[datetime.date, int]], *, approved: int, width: int = 640, height: int = 260
) -> str:
    """``monthly``: (first day of the month, NT$ released in it), oldest first; ``approved``: the ceiling."""
    left, right, top_pad, bottom = 92, 16, 26, 36
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    total = sum(amount for _month, amount in monthly)
    peak = max(approved, total, 1)
    title = _("Disbursed over time: NT$%(total)s of NT$%(approved)s approved") % {
        "total": ntd(total),
        "approved": ntd(approved),
    }
    summary = "; ".join(f"{month:%Y-%m} NT${ntd(amount)}" for month, amount in monthly) or _("Nothing released yet.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="11" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f"<desc>{escape(summary)}</desc>",
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" stroke="{AXIS}"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="{AXIS}"/>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" fill="{MUTED}">0</text>',
        f'<text x="{left}" y="{top_pad - 10}" fill="{MUTED}">NT$</text>',
    ]

    def y(value: int) -> float:
        return top_pad + plot_h - plot_h * value / peak

    ceiling = y(approved)
    parts.append(
        f'<line x1="{left}" y1="{ceiling:.1f}" x2="{width - right}" y2="{ceiling:.1f}" stroke="{CEILING}" '
        f'stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<text x="{left - 6}" y="{ceiling + 4:.1f}" text-anchor="end" fill="{CEILING}">{ntd(approved)}</text>'
    )
    if not monthly:
        nothing = escape(_("Nothing released yet."))
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{top_pad + plot_h / 2}" text-anchor="middle" fill="{MUTED}">'
            f"{nothing}</text></svg>"
        )
        return "".join(parts)
    slot = plot_w / len(monthly)
    running, points = 0, []
    for index, (month, amount) in enumerate(monthly):
        running += amount
        x = left + index * slot
        label = f"{month:%Y-%m}"
        bar = min(slot * 0.6, 56)
        parts.append(
            f'<rect x="{x + (slot - bar) / 2:.1f}" y="{y(amount):.1f}" width="{bar:.1f}" '
            f'height="{top_pad + plot_h - y(amount):.1f}" fill="{BAR}">'
            f"<title>{label}: NT${ntd(amount)}</title></rect>"
        )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="{TEXT}">{label}</text>'
        )
        points.append(f"{x + slot / 2:.1f},{y(running):.1f}")
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    parts += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="3" fill="{LINE}"/>' for p in points]
    parts.append(f'<text x="{left - 6}" y="{y(running) + 4:.1f}" text-anchor="end" fill="{LINE}">{ntd(running)}</text>')
    parts.append("</svg>")
    return "".join(parts)
