"""Exchange: tables and charts for papers, REFI-QDA projects and codebooks, backups, artifact packages."""
