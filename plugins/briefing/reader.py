"""Markdown with YAML front matter, read the way this project needs.

Builds on pelican-yaml-metadata's reader, changing three things: a month-only
date or modified date stays a month (Pelican would fill the day from today's date); a YAML
error is left to validation.py, which reports it with file and line; and the
summary is escaped text, never HTML, wherever it lands.
"""

from __future__ import annotations

import re

import yaml
from markupsafe import escape
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader

from .dates import PartialDate
from .validation import SAFE_LOADER

_MONTH_RE = re.compile(r"\d{4}-\d{2}")


class BriefingReader(YAMLMetadataReader):
    def _load_yaml_metadata(self, text, source_path):
        try:
            metadata = yaml.load(text, Loader=SAFE_LOADER)
        except yaml.YAMLError:
            return {}  # validation.py reports it with file and line
        if not isinstance(metadata, dict):
            return {}
        return self._parse_yaml_metadata(metadata, source_path)

    def _parse_yaml_metadata(self, meta, source_path):
        meta = dict(meta)
        precision = None
        for key in ("date", "modified"):
            if meta.get(key) is None:
                continue
            try:
                partial = PartialDate.parse(meta[key])
            except ValueError:
                meta.pop(key)  # validation reports it
                continue
            # Pelican would fill a missing day from today's date: give it the month's first day.
            meta[key] = partial.first_day().isoformat()
            meta[f"{key}_partial"] = partial
            if key == "date":
                precision = "day" if partial.day else "month"
        output = super()._parse_yaml_metadata(meta, source_path)
        if precision:
            output["date_precision"] = precision
        if "summary" in output:
            output["summary"] = str(escape(str(output["summary"])))
        return output


def add_reader(readers):
    for ext in BriefingReader.file_extensions:
        readers.reader_classes[ext] = BriefingReader
