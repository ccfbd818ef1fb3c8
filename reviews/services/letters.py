"""The decision letter (placeholder until the letter job lands)."""


def letter_request(*, decision, lang: str) -> list:
    return []
