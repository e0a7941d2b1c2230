"""Rule-based suggestions: quotes, attributions and claim candidates, no model needed."""
