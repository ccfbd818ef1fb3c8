"""Pages of the company and its counselling unit: my cases, a new proposal, the proposal workspace."""

urlpatterns: list = []
