"""The programme office's pages: the case queue (filters, pagination, Excel export) and document screening."""

urlpatterns: list = []
