"""现场评分: live scoring at the 比学交流会 — sessions, raters' links, the form, the meeting screen, the close."""
