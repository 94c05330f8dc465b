-- The audit trail of a session: every submission (with each theme's score) and every reopening, oldest
-- first; a changed score shows as a later submission. Grain: one row per event and theme. Parameters: $session_id.
select e.event_id, e.happened_at, r.name as rater, r.grp as "group", u.position, u.street, u.unit, e.action, s.theme, s.score
from live_event as e
join live_rater as r on r.session_id = e.session_id and r.rater_id = e.rater_id
join live_unit as u on u.session_id = e.session_id and u.position = e.position
left join live_event_score as s using (event_id)
where e.session_id = $session_id
order by e.event_id, s.theme
