from .accountants import accountant_assign, accountant_register, accountant_unassign
from .imports import expenses_import_request
from .records import ExpenseInput, expense_record
from .verification import expense_verify

__all__ = [
    "ExpenseInput",
    "accountant_assign",
    "accountant_register",
    "accountant_unassign",
    "expense_record",
    "expense_verify",
    "expenses_import_request",
]
