"""Pages of the reviews, split by audience: ``reviewer`` (inbox, conflicts, confirmation, score sheet),
``office`` (a case's reviewers, the panel and its exports) and ``decision`` (the decision, the reviewers'
comments with the company's replies, the revised plan)."""
