"""resultsqa.eval"""
