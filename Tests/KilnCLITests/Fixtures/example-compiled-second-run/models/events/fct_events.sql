

select
    event_id,
    customer_id,
    event_type,
    occurred_at,
    case when date(occurred_at, '+0 days') = substr(occurred_at, 1, 10) then date(occurred_at, '+0 days') end as event_date
from main."stg_events"


-- only events newer than the newest one already loaded
where occurred_at > (select max(occurred_at) from main."fct_events")
