"""Learning from a team's annotations: the pure-Python parts (features, tag encoding,
the link model, the model description). The sequence learner itself is chosen and
run by ``annotator.learn``; nothing here imports a third-party package."""
