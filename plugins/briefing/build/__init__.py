"""The build: the pipeline of stages, its caches and helper processes, and the Pelican edge."""
