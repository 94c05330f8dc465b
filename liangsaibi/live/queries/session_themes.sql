-- The themes a session scores live, in rubric order, with weight, 满分, step and 说明 from the rubric.
-- Grain: one row per theme. Parameters: $session_id.
select position, theme, weight, max_score, step, description
from live_theme
where session_id = $session_id
order by position
