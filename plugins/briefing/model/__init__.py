"""The domain: values every stage shares, problems, dates, kinds, slugs and settings."""
