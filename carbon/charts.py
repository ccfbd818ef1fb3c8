"""Charts as inline SVG (the workspace page and the PDF report both embed them; WeasyPrint draws SVG)."""

from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

PALETTE = ["#1d3f72", "#2b5ea7", "#0f7b6c", "#a15c07", "#7a3e9d", "#b42318"]
FONT = "Noto Sans CJK TC, Noto Sans TC, sans-serif"


def _opening(width: int, height: int, size: int, title: str, summary: str) -> str:
    """The ``<svg>`` as an image named by its title, the figures it draws as its description (screen readers)."""
    name = f"{title}: {summary}" if summary else title
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="{size}" role="img" aria-label="{escape(name)}">'
    )
    return f"{opening}<title>{escape(title)}</title><desc>{escape(summary or '—')}</desc>"


def _num(text) -> float:
    # drawing coordinates only: the figures printed next to the bars are the exact strings
    return float(Decimal(str(text)))


def category_bars(by_category: dict[str, str], labels: dict[str, str], *, width: int = 640, unit: str = "tCO2e") -> str:
    """Horizontal bars, one per ISO 14064-1 category, labelled with the exact tCO2e."""
    rows = [(code, labels.get(code, code), value) for code, value in sorted(by_category.items())]
    bar_h, gap, left, right = 26, 12, 150, 120
    height = max(len(rows), 1) * (bar_h + gap) + gap
    top = max((_num(v) for _, _, v in rows), default=0) or 1
    summary = "; ".join(f"{label} {value} {unit}" for _code, label, value in rows)
    parts = [_opening(width, height, 12, _("Emissions by category"), summary)]
    for i, (code, label, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = (width - left - right) * _num(value) / top
        parts.append(
            f'<text x="{left - 8}" y="{y + bar_h * 0.68}" text-anchor="end" fill="#1f2933">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" '
            f'fill="{PALETTE[(int(code) - 1) % len(PALETTE)]}"/>'
        )
        parts.append(
            f'<text x="{left + w + 6:.1f}" y="{y + bar_h * 0.68}" fill="#1f2933">{escape(value)} {unit}</text>'
        )
    if not rows:
        parts.append(f'<text x="{width / 2}" y="{height / 2 + 4}" text-anchor="middle" fill="#5f6b7a">—</text>')
    parts.append("</svg>")
    return "".join(parts)


def monthly_columns(by_month: dict[str, str], *, width: int = 640, height: int = 240, unit: str = "tCO2e") -> str:
    """Columns per month (YYYY-MM), with the axis maximum and each month's label."""
    months = list(by_month.items())
    left, bottom, top_pad, right = 56, 34, 18, 10
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    peak = max((_num(v) for _, v in months), default=0) or 1
    summary = "; ".join(f"{month} {value} {unit}" for month, value in months)
    parts = [
        _opening(width, height, 11, _("Emissions by month"), summary),
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" stroke="#8a94a6"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#8a94a6"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" fill="#5f6b7a">{peak:.2f}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" fill="#5f6b7a">0</text>',
        f'<text x="{left}" y="{top_pad - 6}" fill="#5f6b7a">{unit}</text>',
    ]
    if months:
        slot = plot_w / len(months)
        for i, (month, value) in enumerate(months):
            h = plot_h * _num(value) / peak
            x = left + i * slot + slot * 0.15
            parts.append(
                f'<rect x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="#2b5ea7">'
                f"<title>{escape(month)}: {escape(value)} {unit}</title></rect>"
            )
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'fill="#1f2933">{escape(month[2:])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
