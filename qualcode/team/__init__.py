"""The team server: accounts with roles, passwords and login sessions (`qualcode serve --auth`)."""
