"""The edition editor: an administrator changes a draft through forms generated from the rule kinds'
parameter schemas (YAML stays as the advanced view and as import/export), sees the difference from another
version in plain language and the impact on golden cases and stored evaluations, and signs off the readings
a clone to a new year carries over."""
