"""Work that spans packages (read files, write the project, run formats), shared by
the window and the CLI so both behave the same. Sits above store, stories and
formats, below ui and cli."""
