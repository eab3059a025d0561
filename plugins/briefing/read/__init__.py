"""Reading content files: front matter, schemas, entities, and resolving a briefing's references."""
