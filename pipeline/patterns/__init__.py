"""Data only: patterns, gazetteers and markers as JSONL, loaded by ``load``."""
