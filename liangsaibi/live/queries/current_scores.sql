-- The scores that count now: per rater and unit, those of their latest event on it when that event is a
-- submission (a reopening withdraws them). Grain: one row per rater, unit and theme scored.
-- Parameters: $session_id.
with latest as (
    select *, row_number() over (partition by rater_id, position order by event_id desc) as newest
    from live_event
    where session_id = $session_id
)
select l.position, u.street, u.unit, l.rater_id, r.name as rater, s.theme, s.score, l.happened_at, l.event_id
from latest as l
join live_event_score as s using (event_id)
join live_unit as u on u.session_id = l.session_id and u.position = l.position
join live_rater as r on r.session_id = l.session_id and r.rater_id = l.rater_id
where l.newest = 1 and l.action = 'submit'
order by l.position, l.rater_id, s.theme
