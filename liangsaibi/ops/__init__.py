"""Running the dashboard for a department: the guarded admin door, health checks of the database, its presence."""
