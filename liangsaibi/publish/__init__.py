"""季度发布: a quarter is a draft (草稿) until the administrator publishes it; viewers see published quarters only."""
