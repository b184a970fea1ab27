"""The French text toolkit: words, sentences, numbers in words, readability."""
