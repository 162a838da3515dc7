"""Exporters: domain -> documents. Nothing here knows Textual."""
