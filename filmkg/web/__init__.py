"""The web pages of `filmkg serve`: query editor, entity, search, document and review pages."""
