"""The disbursement-over-time chart: a column per month with its exact figure, the running total, the
approved amount as the ceiling, and words when nothing was released."""

import datetime

from django.utils import translation

from disbursements.charts import disbursement_chart


def test_columns_running_total_and_ceiling():
    svg = disbursement_chart(
        [(datetime.date(2025, 4, 1), 1_400_000), (datetime.date(2025, 9, 1), 1_400_000)], approved=3_500_000
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 2 and "2025-04: NT$1,400,000" in svg and "2025-09" in svg
    assert ">2,800,000<" in svg and ">3,500,000<" in svg  # the running total and the approved ceiling
    assert svg.count("<circle") == 2


def test_an_empty_chart_says_so():
    with translation.override("zh-hant"):
        svg = disbursement_chart([], approved=500_000)
    assert "<rect" not in svg and ">500,000<" in svg and "撥款歷程" in svg
