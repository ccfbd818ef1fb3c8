"""The utility-savings check of the low-carbon and green-manufacturing tracks (and SMU's energy KPIs).

``calc`` is the pure calculation (no Django); ``selectors`` reads what an edition and the factor library say;
``check`` resolves a request's factors and GWP set, checks what the calculation cannot, and runs it; ``api``
(``POST /api/v1/editions/{code}/savings-check/``), ``forms`` and ``views`` (``/carbon/savings/<code>/``) are
the two ways in. Nothing is stored.
"""
