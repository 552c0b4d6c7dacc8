"""spaCy side of the extractor: pipeline, components, patterns. Never imports rdflib."""
