"""年度评定: the year's result from its published quarters — ranking and grades, 流动红旗, 进步奖, the 年度通报."""
