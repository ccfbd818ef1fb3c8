"""Reviews' demo data (run by portal's ``load_demo`` command after the apps below it): the demo reviewers join
the reviewer pool with their affiliation and expertise, serving every edition. No logins of its own."""

from portal.models import Role, User
from reviews.models import ReviewerProfile

EXPERTISE = {
    "reviewer@demo.tw": "智慧製造、設備聯網、能源管理",
    "reviewer2@demo.tw": "機械設計、低碳製程、碳盤查",
    "reviewer3@demo.tw": "精實管理、價值流分析、數位轉型",
}


def load_demo() -> list[tuple[str, str, str]]:
    """A profile for each demo reviewer that has none (running it again changes nothing)."""
    reviewers = User.objects.filter(email__in=list(EXPERTISE), role=Role.REVIEWER, reviewer_profile__isnull=True)
    ReviewerProfile.objects.bulk_create(
        ReviewerProfile(user=user, affiliation=user.affiliation, expertise=EXPERTISE[user.email]) for user in reviewers
    )
    return []
