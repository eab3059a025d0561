"""Views across briefings: entity views, timelines, stories, the figure ledger, charts and warnings."""
