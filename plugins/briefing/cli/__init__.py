"""Command-line tools: scaffolding, the content report, warnings and names."""
