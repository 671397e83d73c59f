"""resultsqa.index"""
