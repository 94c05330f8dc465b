"""亮赛比看板: compares the party-building scores of a district's streets and their units, quarter by quarter."""
