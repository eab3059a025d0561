"""The dev server: watcher, build loop and HTTP server with live reload."""
