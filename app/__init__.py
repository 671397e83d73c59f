"""resultsqa.app"""
