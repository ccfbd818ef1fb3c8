"""Pages for cases, split by audience: ``parties`` (the company and its counselling unit: my cases, the
proposal workspace, documents, actions) and ``office`` (the programme office's queue and screening)."""
