"""A briefing's text: sanitising, sentences, linking mentions (annotate) and tracing figures to sentences."""
