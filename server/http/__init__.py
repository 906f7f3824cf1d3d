"""aiohttp routes: pages and static files, the JSON API, and the middleware they share."""
