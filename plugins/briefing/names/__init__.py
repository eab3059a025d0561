"""Names across scripts: spellings, romanisation, the folding key and the matcher that links them."""
