"""The proposal (計畫書) as a PDF: asked for on the case workspace, rendered by a Celery worker, downloaded by
anyone who may see the case."""
