#!/bin/sh
# The nightly backup of 亮赛比看板, run by liangsaibi-backup.service (its timer: every night at 23:30) as the service
# user, with the variables of /etc/liangsaibi.env, which systemd reads for it (the file stays root-only):
#   - the database LIANGSAIBI_DB and its 现场评分 store into $LIANGSAIBI_BACKUPS/<date> (default /var/backups/liangsaibi),
#   - dated backup folders older than $LIANGSAIBI_BACKUP_DAYS days removed (default 30; other folders are kept),
#   - then `check`: a damaged database fails the service, which `systemctl status liangsaibi-backup` shows.
# LIANGSAIBI_PYTHON is the interpreter (default .venv/bin/python of the install folder).
set -eu
cd "$(dirname "$0")/.."
backups="${LIANGSAIBI_BACKUPS:-/var/backups/liangsaibi}"
days="${LIANGSAIBI_BACKUP_DAYS:-30}"
python="${LIANGSAIBI_PYTHON:-.venv/bin/python}"
"$python" -m liangsaibi backup "$backups/$(date +%F)"
oldest="$(date -d "$days days ago" +%F)"
for folder in "$backups"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]; do
    if [ -d "$folder" ] && [ "$(basename "$folder")" \< "$oldest" ]; then
        rm -rf "$folder"
        echo "已删除 $days 天前的备份 $folder"
    fi
done
"$python" -m liangsaibi check > /dev/null
