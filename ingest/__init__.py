"""resultsqa.ingest"""
