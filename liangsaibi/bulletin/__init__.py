"""季度通报: the quarter's results as the official bulletin (.docx from a template), and its preview."""
