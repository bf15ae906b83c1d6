"""The NLP layer: an article body in, statements (who said what), actors and issues out.

All offsets are character offsets into the body. Entry point: :class:`extract.nlp.tagger.Tagger`.
"""
