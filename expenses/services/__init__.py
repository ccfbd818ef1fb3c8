from .records import ExpenseInput, expense_record, expenses_import
from .verification import expense_verify

__all__ = ["ExpenseInput", "expense_record", "expense_verify", "expenses_import"]
