-- Rows of the live store whose parent is missing: events without their session, rater or unit, scores without
-- their event, links without their rater. Grain: one row per kind of fault, with how many rows have it.
-- Parameters: none.
select 'event_session' as fault, count(*) as rows_found from live_event as e
where not exists (select 1 from live_session as s where s.session_id = e.session_id)
union all
select 'event_rater', count(*) from live_event as e
where not exists (select 1 from live_rater as r where r.session_id = e.session_id and r.rater_id = e.rater_id)
union all
select 'event_unit', count(*) from live_event as e
where not exists (select 1 from live_unit as u where u.session_id = e.session_id and u.position = e.position)
union all
select 'score_event', count(*) from live_event_score as s
where not exists (select 1 from live_event as e where e.event_id = s.event_id)
union all
select 'token_rater', count(*) from live_token as t
where not exists (select 1 from live_rater as r where r.session_id = t.session_id and r.rater_id = t.rater_id)
