"""Free-text feedback as evidence: reading, classifying and measuring comments on a map."""

from journeymap.feedback.comments import Comment

__all__ = ["Comment"]
