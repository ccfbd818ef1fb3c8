"""Helpers of the money tests: a picture of everything a refused request must leave as it was, and the API
routes of the money part of cases-api.md."""

from applications.models import Case, CaseEvent
from disbursements.models import (
    Clawback,
    Contract,
    FollowUp,
    Instalment,
    PlanChange,
    ProgressReport,
    Release,
    SelfFundingPayment,
)
from portal.models import AuditEvent
from programs.models import RuleEvaluation

INSTALMENT_KEYS = {"no", "share", "amount", "status", "outcomes"}
# spec/cases-api.md's keys, and those docs/cases-api.md adds for the verified expense ledger
LEDGER_KEYS = {"approved_gov", "disbursed", "remaining", "spent_gov", "spent_self", "clawback", "instalments"} | {
    "spent_source",
    "declared_gov",
    "declared_self",
}


def money_state(case=None) -> dict:
    """Counts of every money table, of events, evaluations and audit rows, and the case's own rows."""
    picture = {
        model.__name__: model.objects.count()
        for model in (
            Contract,
            Instalment,
            Release,
            ProgressReport,
            PlanChange,
            Clawback,
            FollowUp,
            SelfFundingPayment,
            CaseEvent,
            RuleEvaluation,
            AuditEvent,
        )
    }
    if case is not None:
        picture["case"] = Case.objects.filter(pk=case.pk).values().get()
        picture["instalments"] = list(Instalment.objects.filter(case_id=case.pk).order_by("no").values())
        picture["contract"] = list(Contract.objects.filter(case_id=case.pk).values())
    return picture


def url(case, *parts) -> str:
    pk = case if isinstance(case, int) else case.pk
    return f"/api/v1/cases/{pk}/" + "".join(f"{part}/" for part in parts)


def worker_mails(directory) -> list[dict]:
    """Every e-mail the worker's file backend wrote: {"to", "subject", "body"}, decoded."""
    import email
    import email.header

    mails = []
    for path in sorted(directory.iterdir()):
        for raw in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if not raw.strip():
                continue
            message = email.message_from_string(raw)
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"] or "")))
            body = message.get_payload(decode=True).decode("utf-8")
            mails.append({"to": message["To"], "subject": subject, "body": body})
    return mails


def wait_for_mail(directory, match, timeout: float = 30.0) -> list[dict]:
    """The mails for which ``match(mail)`` holds, waiting up to ``timeout`` seconds for the first."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        found = [mail for mail in worker_mails(directory) if match(mail)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)
