"""Ingest: files and records -> Documents (readers), Documents -> Articles (extract)."""
