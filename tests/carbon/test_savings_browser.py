"""Real headless Chromium: fill two months of electricity on the low-carbon track's savings page and see the
verdict change live (htmx), at seed 000's boundary."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(transactional_db):
    """Transactional tests flush the database: load the factor library again, as its migration does."""
    from carbon.models import Factor, FactorGas, FactorSet, GwpSet, GwpValue
    from carbon.seed import load_library

    load_library(gwp_set=GwpSet, gwp_value=GwpValue, factor_set=FactorSet, factor=Factor, factor_gas=FactorGas)


def test_two_months_give_the_verdict(page, library, screenshot_dir):
    page.goto("/carbon/savings/dmmap-2023-low-carbon/")
    page.fill("input[name=self_funding]", "1280000")
    for month in (1, 2):
        page.fill(f"input[name=electricity-{month}-before]", "25000")
        page.fill(f"input[name=electricity-{month}-after]", "24500")
        page.fill(f"input[name=electricity-{month}-before_cost]", "100000")
        page.fill(f"input[name=electricity-{month}-after_cost]", "64800")
    result = page.locator("#savings-result")
    result.locator(
        "text=年節省費用 422,400 元，達自籌款 1,280,000 元之 33.00%（占 33.00%，四捨五入為 33%；至少 416,000 元）"
    ).wait_for()
    page.wait_for_load_state("networkidle")
    verdict = result.locator("#savings-verdict").inner_text()
    assert "合計 × 12 ÷ 2" in verdict
    assert "2.9700" in verdict
    page.screenshot(path=str(screenshot_dir / "carbon-savings-pass.png"), full_page=True)
    page.fill("input[name=electricity-2-after_cost]", "66100")  # 69,100 over two months × 6 → 414,600 (32.39 %)
    result.locator(
        "text=年節省費用 414,600 元，未達自籌款 1,280,000 元之 33.00%（占 32.39%，四捨五入為 32%；至少 416,000 元）"
    ).wait_for()
    assert result.locator(".badge.error").count() >= 1
    page.screenshot(path=str(screenshot_dir / "carbon-savings-fail.png"), full_page=True)
