"""The expenses' demo data: the demo external accountant's firm (``load_demo``; portal creates the user) and,
with ``load_demo --cases``, the accountant assigned to the machinery case under way. Through the services
where there is one; loading again changes nothing."""

from applications.demo import OFFICER, demo_case, person
from expenses import services
from expenses.models import AccountantAssignment, AccountantProfile
from portal.models import Role, User

ACCOUNTANT = "accountant@demo.tw"
FIRM_UBN = "16446274"  # 正信聯合會計師事務所: neither a demo company nor a demo unit


def load_demo() -> list[tuple[str, str, str]]:
    user = User.objects.filter(email=ACCOUNTANT, role=Role.ACCOUNTANT).first()
    if user is not None:
        AccountantProfile.objects.get_or_create(user=user, defaults={"firm_ubn": FIRM_UBN})
    return []


def load_demo_cases() -> None:
    case = demo_case("money")
    accountant = User.objects.filter(email=ACCOUNTANT, role=Role.ACCOUNTANT).first()
    if case is None or accountant is None or not hasattr(case, "contract"):
        return
    if not AccountantAssignment.objects.filter(case=case, accountant=accountant).exists():
        services.accountant_assign(actor=person(OFFICER), case=case, accountant_id=accountant.pk)
