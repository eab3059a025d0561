"""What the build writes from values: data files, feeds, JSON-LD, sitemap, the map and the theme's words."""
