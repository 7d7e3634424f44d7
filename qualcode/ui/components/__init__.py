"""Custom components shipped inside the package (inline HTML/CSS/JS; no CDN, no build step)."""
